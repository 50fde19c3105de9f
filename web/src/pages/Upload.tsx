// Upload: set the import options, pick or drop files, watch each one upload, then process live, then its result.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, previewFile, uploadFile, watchImport } from '../api';
import { MappingStep } from '../components/MappingStep';
import { DialectNote, DuplicateNote } from '../components/ImportNotes';
import { FileProblem, type DialectFix } from '../components/FileProblem';
import { DryRunSummary, ImportCounts, ImportProgress, ImportTimings } from '../components/ImportViews';
import { ProgressBar } from '../components/ProgressBar';
import { ErrorBox } from '../components/States';
import { StatusBadge } from '../components/StatusBadge';
import { DEFAULT_CHOICES, UploadOptions, choicesProblem, describeChoices, optionsQuery, type UploadChoices } from '../components/UploadOptions';
import { bytes, duration, percent } from '../format';
import { href } from '../router';
import { isActive, type ColumnMapping, type FilePreview, type Import } from '../types';
import { reportUpload, SpeedMeter } from '../uploads';

interface Upload {
  key: number;
  file: File;
  /** The options as they were when the file was added. */
  choices: UploadChoices;
  /** The dry run this upload applies for real. */
  realOf?: number;
  /** The import whose file this upload sends again, read as its problem's fix suggests. */
  fixOf?: number;
  /** The file's columns as the mapping step chose them. */
  mapping?: ColumnMapping;
}

/** A file waiting at the mapping step: its header has no sku column. */
interface Unmapped {
  key: number;
  file: File;
  choices: UploadChoices;
  preview: FilePreview;
}

/** The encoding and delimiter of a preview: the upload's own. */
const dialectQuery = (choices: UploadChoices) => {
  const { encoding, delimiter } = optionsQuery(choices);
  return { encoding, delimiter };
};

/**
 * The file's preview when its header has no sku column and no profile maps one (a mapping is needed), else
 * undefined. Gzip files, files that look written in another dialect and previews that fail go straight to the
 * upload: the import reports what is wrong.
 */
async function needsMapping(file: File, choices: UploadChoices): Promise<FilePreview | undefined> {
  if (choices.profile !== '' || /\.gz$/i.test(file.name)) return undefined;
  const preview = await previewFile(file, dialectQuery(choices)).catch(() => undefined);
  if (!preview || preview.mapped !== null || preview.columns.length === 0 || !/no "sku" column/.test(preview.problem ?? '')) return undefined;
  // A file that looks written in another dialect needs that dialect, not a mapping: its import says so.
  const { detected, dialect } = preview;
  return detected.delimiter === dialect.delimiter && detected.encoding === dialect.encoding ? preview : undefined;
}

let nextKey = 1;

export function UploadPage() {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [choices, setChoices] = useState<UploadChoices>(DEFAULT_CHOICES);
  // Files were dropped while an option was wrong: its message shows until the option is fixed.
  const [refused, setRefused] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [unmapped, setUnmapped] = useState<Unmapped[]>([]);
  // Files upload one after another (each card waits for the one before), so that a dozen files neither
  // compete for bandwidth nor hit the server's limit of uploads at once.
  const queue = useRef<Promise<unknown>>(Promise.resolve());

  const problem = choicesProblem(choices);

  const add = (files: FileList | null) => {
    if (!files || files.length === 0) return;
    setRefused(problem !== undefined);
    if (problem) return;
    const chosen = [...files].map((file) => ({ key: nextKey++, file, choices }));
    // Files whose header needs a mapping wait at the mapping step; the others upload at once.
    void Promise.all(chosen.map(async (c) => ({ ...c, preview: await needsMapping(c.file, c.choices) }))).then((looked) => {
      const ready = looked.filter((c) => !c.preview).map(({ preview: _, ...c }) => c);
      setUploads((current) => [...ready, ...current]); // the newest files on top, in the order chosen
      setUnmapped((current) => [...current, ...looked.filter((c): c is Unmapped => c.preview !== undefined)]);
    });
  };

  const mapped = (waiting: Unmapped, mapping: ColumnMapping | undefined) => {
    setUnmapped((current) => current.filter((u) => u.key !== waiting.key));
    if (mapping) setUploads((current) => [{ key: waiting.key, file: waiting.file, choices: waiting.choices, mapping }, ...current]);
  };
  const mapping = unmapped[0];

  /** The same file again, with the same options but for real, as a new card on top. */
  const importForReal = (dryRun: Upload, dryRunId: number) => {
    const real = {
      key: nextKey++, file: dryRun.file, choices: { ...dryRun.choices, dryRun: false }, mapping: dryRun.mapping, realOf: dryRunId,
    };
    setUploads((current) => [real, ...current]);
  };

  /** The same file again, read with the encoding and delimiter its import suggests (or detecting both), on top. */
  const importFixed = (first: Upload, importId: number, fix: DialectFix) => {
    const dialect = fix.kind === 'detect' ? { encoding: 'auto' as const, delimiter: 'auto' as const } : fix.suggestion;
    const fixed = { key: nextKey++, file: first.file, choices: { ...first.choices, ...dialect }, mapping: first.mapping, fixOf: importId };
    setUploads((current) => [fixed, ...current]);
  };
  const summary = describeChoices(choices);

  return (
    <>
      <h1>Upload</h1>
      <form class="card upload-form" onSubmit={(e) => e.preventDefault()}>
        <div
          class={`dropzone${dragging ? ' dropzone-active' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            add(e.dataTransfer?.files ?? null);
          }}
        >
          <p class="dropzone-title">Drop CSV files here</p>
          <p class="muted">Plain or gzip, one or several; columns <code>name,sku,description</code>.</p>
          <label class="button primary file-button">
            Choose files…
            <input
              type="file"
              multiple
              accept=".csv,.gz,.csv.gz,text/csv,application/gzip"
              class="visually-hidden"
              onChange={(e) => {
                add(e.currentTarget.files);
                e.currentTarget.value = ''; // the same file may be chosen again
              }}
            />
          </label>
        </div>
        {refused && problem && <ErrorBox error={new Error(problem)} title="Files not added" />}
      </form>
      {mapping && (
        <MappingStep
          key={mapping.key}
          file={mapping.file}
          dialect={dialectQuery(mapping.choices)}
          first={mapping.preview}
          onConfirm={(chosenMapping) => mapped(mapping, chosenMapping)}
          onCancel={() => mapped(mapping, undefined)}
        />
      )}
      {uploads.length > 0 && (
        <div class="upload-list">
          {uploads.map((u) => (
            <UploadCard key={u.key} upload={u} queue={queue} onImportForReal={(id) => importForReal(u, id)} onFix={(id, fix) => importFixed(u, id, fix)} />
          ))}
        </div>
      )}
      {/* Under the cards, so that on a phone a card added is in view; folded away when not wanted. */}
      <details class="card options-panel" open>
        <summary>Import options <span class="muted">{summary.length ? summary.join(' · ') : 'defaults'}</span></summary>
        <UploadOptions value={choices} onChange={setChoices} />
      </details>
      {uploads.length === 0 && <p class="state state-empty">No file chosen yet. Each file you add gets a card here with its progress and result.</p>}
    </>
  );
}

type Stage =
  | { name: 'waiting' }
  | { name: 'uploading'; sent: number; total: number; bytesPerSecond?: number | undefined; secondsLeft?: number | undefined }
  | { name: 'processing'; imp: Import }
  /** `imp`: the upload made it, then following its progress failed. */
  | { name: 'failed'; error: Error; imp?: Import | undefined };

function UploadCard({ upload, queue, onImportForReal, onFix }: {
  upload: Upload;
  queue: { current: Promise<unknown> };
  onImportForReal: (dryRunId: number) => void;
  onFix: (importId: number, fix: DialectFix) => void;
}) {
  const [stage, setStage] = useState<Stage>({ name: 'waiting' });
  // Bumped by Retry upload: the upload resumes from the byte the server has (one import, whatever is retried).
  const [attempt, setAttempt] = useState(0);
  const [sentForReal, setSentForReal] = useState(false);
  // Bytes the server already had of an earlier upload of this file that this one continues (after a reload or a Retry).
  const [resumedFrom, setResumedFrom] = useState<number>();
  const card = useRef<HTMLElement>(null);

  useEffect(() => {
    const controller = new AbortController();
    const { file } = upload;
    setStage({ name: 'waiting' });
    setResumedFrom(undefined);
    const meter = new SpeedMeter();
    const uploaded = queue.current.then(() => {
      if (controller.signal.aborted) throw new DOMException('left the page', 'AbortError');
      setStage({ name: 'uploading', sent: 0, total: file.size });
      reportUpload(upload.key, { sent: 0, total: file.size });
      const onProgress = (sent: number, total: number) => {
        meter.add(sent);
        reportUpload(upload.key, { sent, total });
        setStage({ name: 'uploading', sent, total, bytesPerSecond: meter.bytesPerSecond, secondsLeft: meter.secondsLeft(total) });
      };
      return uploadFile(file, optionsQuery(upload.choices, upload.mapping), { onProgress, onResume: setResumedFrom }, controller.signal)
        .finally(() => reportUpload(upload.key, undefined));
    });
    queue.current = uploaded.catch(() => {});
    uploaded
      .then((imp) => {
        setStage({ name: 'processing', imp });
        return watchImport(imp.id, (latest) => setStage({ name: 'processing', imp: latest }), controller.signal);
      })
      .catch((error: Error) => {
        if (!controller.signal.aborted) setStage((s) => ({ name: 'failed', error, imp: s.name === 'processing' ? s.imp : undefined }));
      });
    return () => {
      controller.abort();
      reportUpload(upload.key, undefined);
    };
  }, [upload, attempt]);

  // A card made by "Import for real" takes the focus from the button that made it.
  useEffect(() => {
    if (upload.realOf !== undefined || upload.fixOf !== undefined) card.current?.focus();
  }, []);

  const imp = stage.name === 'processing' || stage.name === 'failed' ? stage.imp : undefined;
  const uploadFailed = stage.name === 'failed' && !imp;
  const mappedColumns = Object.entries(upload.mapping ?? {}).map(([column, name]) => `${column} from "${name}"`);
  const options = [...describeChoices(upload.choices), ...mappedColumns];
  const name = upload.file.name;
  return (
    <article class="card upload-card" ref={card} tabIndex={upload.realOf === undefined && upload.fixOf === undefined ? undefined : -1} aria-label={`Upload of ${name}${upload.choices.dryRun ? ' (dry run)' : ''}`}>
      <header class="card-header">
        <h2 class="file-name" title={name}>{name}</h2>
        <span class="muted num">{bytes(upload.file.size)}</span>
        {upload.choices.dryRun && <span class="tag" data-dry-run>dry run</span>}
        {imp ? <StatusBadge status={imp.status} /> : <span class={`badge badge-${uploadFailed ? 'failed' : 'queued'}`}>{stage.name}</span>}
      </header>
      {upload.realOf !== undefined && <p class="muted small">Importing for real what dry run <a href={href(['imports', upload.realOf])}>#{upload.realOf}</a> tried.</p>}
      {upload.fixOf !== undefined && <p class="muted small">The file of import <a href={href(['imports', upload.fixOf])}>#{upload.fixOf}</a> again, read as suggested.</p>}
      {options.length > 0 && <p class="muted small card-options">Options: {options.join(' · ')}</p>}
      {resumedFrom !== undefined && (
        <p class="muted small" data-resumed>
          Resumed an earlier upload of this file: {bytes(resumedFrom)} of {bytes(upload.file.size)} were already on the server.
        </p>
      )}
      {stage.name === 'waiting' && <p class="muted">Waiting for the uploads before it…</p>}
      {stage.name === 'uploading' && (
        <div class="import-progress">
          <ProgressBar value={(stage.sent / Math.max(stage.total, 1)) * 100} label={`Upload of ${name}`} />
          <p class="muted num" aria-live="polite" data-upload-progress>
            Uploading: {bytes(stage.sent)} of {bytes(stage.total)} ({percent((stage.sent / Math.max(stage.total, 1)) * 100)})
            {stage.bytesPerSecond !== undefined && <> · {bytes(stage.bytesPerSecond)}/s</>}
            {stage.secondsLeft !== undefined && <> · {stage.secondsLeft < 1 ? 'under 1 s' : duration(stage.secondsLeft * 1000)} left</>}
          </p>
        </div>
      )}
      {stage.name === 'failed' && (
        <>
          <ErrorBox error={stage.error} title={imp ? 'Live updates stopped' : 'Upload failed'} />
          {uploadFailed && stage.error instanceof ApiError && stage.error.retryable && (
            <p class="actions">
              <button type="button" onClick={() => setAttempt((a) => a + 1)}>Retry upload</button>
              <span class="muted small">The same file, sent again: it is never imported twice.</span>
            </p>
          )}
        </>
      )}
      {imp && (
        <ImportResult
          imp={imp}
          sentForReal={sentForReal}
          onImportForReal={() => { setSentForReal(true); onImportForReal(imp.id); }}
          onFix={(fix) => onFix(imp.id, fix)}
        />
      )}
    </article>
  );
}

function ImportResult({ imp, sentForReal, onImportForReal, onFix }: {
  imp: Import;
  sentForReal: boolean;
  onImportForReal: () => void;
  onFix: (fix: DialectFix) => void;
}) {
  const dryRun = imp.options.dryRun && imp.status === 'succeeded';
  return (
    <>
      <p class="card-links">
        <a href={href(['imports', imp.id])}>Import #{imp.id}</a>
      </p>
      {isActive(imp.status) && <ImportProgress imp={imp} />}
      <FileProblem imp={imp} onFix={isActive(imp.status) ? undefined : onFix} />
      <DialectNote imp={imp} />
      <DuplicateNote imp={imp} />
      {dryRun && (
        <div class="dry-run-result">
          <DryRunSummary imp={imp} />
          <p class="actions">
            <a href={href(['imports', imp.id])}>See what would change</a>
            {sentForReal
              ? <span class="muted">Sent for real: see the card on top.</span>
              : <button type="button" class="primary" onClick={onImportForReal}>Import for real</button>}
          </p>
        </div>
      )}
      {imp.status === 'succeeded' && (
        <>
          {!dryRun && <ImportCounts imp={imp} linkRejected />}
          <ImportTimings imp={imp} />
        </>
      )}
    </>
  );
}
