// Upload: set the import options, pick or drop files, watch each one upload, then process live, then its result.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, uploadFile, watchImport } from '../api';
import { DialectNote, DuplicateNote } from '../components/ImportNotes';
import { DryRunSummary, ImportCounts, ImportMessage, ImportProgress, ImportTimings } from '../components/ImportViews';
import { ProgressBar } from '../components/ProgressBar';
import { ErrorBox } from '../components/States';
import { StatusBadge } from '../components/StatusBadge';
import { DEFAULT_CHOICES, UploadOptions, choicesProblem, describeChoices, optionsQuery, type UploadChoices } from '../components/UploadOptions';
import { bytes, percent } from '../format';
import { href } from '../router';
import { isActive, type Import } from '../types';

interface Upload {
  key: number;
  file: File;
  /** The options as they were when the file was added. */
  choices: UploadChoices;
  /** The dry run this upload applies for real. */
  realOf?: number;
}

let nextKey = 1;

export function UploadPage() {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [choices, setChoices] = useState<UploadChoices>(DEFAULT_CHOICES);
  // Files were dropped while an option was wrong: its message shows until the option is fixed.
  const [refused, setRefused] = useState(false);
  const [dragging, setDragging] = useState(false);
  // Files upload one after another (each card waits for the one before), so that a dozen files neither
  // compete for bandwidth nor hit the server's limit of uploads at once.
  const queue = useRef<Promise<unknown>>(Promise.resolve());

  const problem = choicesProblem(choices);

  const add = (files: FileList | null) => {
    if (!files || files.length === 0) return;
    setRefused(problem !== undefined);
    if (problem) return;
    const added = [...files].map((file) => ({ key: nextKey++, file, choices }));
    setUploads((current) => [...added, ...current]); // the newest files on top, in the order chosen
  };

  /** The same file again, with the same options but for real, as a new card on top. */
  const importForReal = (dryRun: Upload, dryRunId: number) => {
    const real = { key: nextKey++, file: dryRun.file, choices: { ...dryRun.choices, dryRun: false }, realOf: dryRunId };
    setUploads((current) => [real, ...current]);
  };

  return (
    <>
      <h1>Upload</h1>
      <form class="card upload-form" onSubmit={(e) => e.preventDefault()}>
        <UploadOptions value={choices} onChange={setChoices} />
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
      {uploads.length === 0
        ? <p class="state state-empty">No file chosen yet. Each file you add gets a card here with its progress and result.</p>
        : (
          <div class="upload-list">
            {uploads.map((u) => <UploadCard key={u.key} upload={u} queue={queue} onImportForReal={(id) => importForReal(u, id)} />)}
          </div>
        )}
    </>
  );
}

type Stage =
  | { name: 'waiting' }
  | { name: 'uploading'; sent: number; total: number }
  | { name: 'processing'; imp: Import }
  /** `imp`: the upload made it, then following its progress failed. */
  | { name: 'failed'; error: Error; imp?: Import | undefined };

function UploadCard({ upload, queue, onImportForReal }: {
  upload: Upload;
  queue: { current: Promise<unknown> };
  onImportForReal: (dryRunId: number) => void;
}) {
  const [stage, setStage] = useState<Stage>({ name: 'waiting' });
  // Bumped by Retry upload: the upload resumes from the byte the server has (one import, whatever is retried).
  const [attempt, setAttempt] = useState(0);
  const [sentForReal, setSentForReal] = useState(false);
  const card = useRef<HTMLElement>(null);

  useEffect(() => {
    const controller = new AbortController();
    const { file } = upload;
    setStage({ name: 'waiting' });
    const uploaded = queue.current.then(() => {
      if (controller.signal.aborted) throw new DOMException('left the page', 'AbortError');
      setStage({ name: 'uploading', sent: 0, total: file.size });
      const onProgress = (sent: number, total: number) => setStage({ name: 'uploading', sent, total });
      return uploadFile(file, optionsQuery(upload.choices), onProgress, controller.signal);
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
    return () => controller.abort();
  }, [upload, attempt]);

  // A card made by "Import for real" takes the focus from the button that made it.
  useEffect(() => {
    if (upload.realOf !== undefined) card.current?.focus();
  }, []);

  const imp = stage.name === 'processing' || stage.name === 'failed' ? stage.imp : undefined;
  const uploadFailed = stage.name === 'failed' && !imp;
  const options = describeChoices(upload.choices);
  const name = upload.file.name;
  return (
    <article class="card upload-card" ref={card} tabIndex={upload.realOf === undefined ? undefined : -1} aria-label={`Upload of ${name}${upload.choices.dryRun ? ' (dry run)' : ''}`}>
      <header class="card-header">
        <h2 class="file-name" title={name}>{name}</h2>
        <span class="muted num">{bytes(upload.file.size)}</span>
        {upload.choices.dryRun && <span class="tag" data-dry-run>dry run</span>}
        {imp ? <StatusBadge status={imp.status} /> : <span class={`badge badge-${uploadFailed ? 'failed' : 'queued'}`}>{stage.name}</span>}
      </header>
      {upload.realOf !== undefined && <p class="muted small">Importing for real what dry run <a href={href(['imports', upload.realOf])}>#{upload.realOf}</a> tried.</p>}
      {options.length > 0 && <p class="muted small card-options">Options: {options.join(' · ')}</p>}
      {stage.name === 'waiting' && <p class="muted">Waiting for the uploads before it…</p>}
      {stage.name === 'uploading' && (
        <div class="import-progress">
          <ProgressBar value={(stage.sent / Math.max(stage.total, 1)) * 100} label={`Upload of ${name}`} />
          <p class="muted num" aria-live="polite">
            Uploading: {bytes(stage.sent)} of {bytes(stage.total)} ({percent((stage.sent / Math.max(stage.total, 1)) * 100)})
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
      {imp && <ImportResult imp={imp} sentForReal={sentForReal} onImportForReal={() => { setSentForReal(true); onImportForReal(imp.id); }} />}
    </article>
  );
}

function ImportResult({ imp, sentForReal, onImportForReal }: { imp: Import; sentForReal: boolean; onImportForReal: () => void }) {
  const dryRun = imp.options.dryRun && imp.status === 'succeeded';
  return (
    <>
      <p class="card-links">
        <a href={href(['imports', imp.id])}>Import #{imp.id}</a>
      </p>
      {isActive(imp.status) && <ImportProgress imp={imp} />}
      <ImportMessage imp={imp} />
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
