// Upload: pick or drop files, watch each one upload, then process live, then its result.
import { useEffect, useRef, useState } from 'preact/hooks';
import { uploadFile, watchImport } from '../api';
import { ImportCounts, ImportMessage, ImportProgress, ImportTimings } from '../components/ImportViews';
import { ProgressBar } from '../components/ProgressBar';
import { ErrorBox } from '../components/States';
import { StatusBadge } from '../components/StatusBadge';
import { DEFAULT_OPTIONS, UploadOptions, optionsQuery, type ImportOptions } from '../components/UploadOptions';
import { bytes, percent } from '../format';
import { href } from '../router';
import { isActive, type Import } from '../types';

interface Upload {
  key: number;
  file: File;
  options: ImportOptions;
}

let nextKey = 1;

export function UploadPage() {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [options, setOptions] = useState<ImportOptions>(DEFAULT_OPTIONS);
  const [dragging, setDragging] = useState(false);
  // Files upload one after another (each card waits for the one before), so that a dozen files neither
  // compete for bandwidth nor hit the server's limit of uploads at once.
  const queue = useRef<Promise<unknown>>(Promise.resolve());

  const add = (files: FileList | null) => {
    if (!files || files.length === 0) return;
    const added = [...files].map((file) => ({ key: nextKey++, file, options }));
    setUploads((current) => [...added, ...current]); // the newest files on top, in the order chosen
  };

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
        <UploadOptions value={options} onChange={setOptions} />
      </form>
      {uploads.length === 0
        ? <p class="state state-empty">No file chosen yet. Each file you add gets a card here with its progress and result.</p>
        : <div class="upload-list">{uploads.map((u) => <UploadCard key={u.key} upload={u} queue={queue} />)}</div>}
    </>
  );
}

type Stage =
  | { name: 'waiting' }
  | { name: 'uploading'; sent: number; total: number }
  | { name: 'processing'; imp: Import }
  | { name: 'failed'; error: Error };

function UploadCard({ upload, queue }: { upload: Upload; queue: { current: Promise<unknown> } }) {
  const [stage, setStage] = useState<Stage>({ name: 'waiting' });

  useEffect(() => {
    const controller = new AbortController();
    const { file } = upload;
    const uploaded = queue.current.then(() => {
      if (controller.signal.aborted) throw new DOMException('left the page', 'AbortError');
      setStage({ name: 'uploading', sent: 0, total: file.size });
      return uploadFile(file, optionsQuery(upload.options), (sent, total) => setStage({ name: 'uploading', sent, total }), controller.signal);
    });
    queue.current = uploaded.catch(() => {});
    uploaded
      .then((imp) => {
        setStage({ name: 'processing', imp });
        return watchImport(imp.id, (latest) => setStage({ name: 'processing', imp: latest }), controller.signal);
      })
      .catch((error: Error) => !controller.signal.aborted && setStage({ name: 'failed', error }));
    return () => controller.abort();
  }, [upload]);

  const imp = stage.name === 'processing' ? stage.imp : undefined;
  return (
    <article class="card upload-card" aria-label={`Upload of ${upload.file.name}`}>
      <header class="card-header">
        <h2 class="file-name" title={upload.file.name}>{upload.file.name}</h2>
        <span class="muted num">{bytes(upload.file.size)}</span>
        {imp ? <StatusBadge status={imp.status} /> : <span class={`badge badge-${stage.name === 'failed' ? 'failed' : 'queued'}`}>{stage.name}</span>}
      </header>
      {stage.name === 'waiting' && <p class="muted">Waiting for the uploads before it…</p>}
      {stage.name === 'uploading' && (
        <div class="import-progress">
          <ProgressBar value={(stage.sent / Math.max(stage.total, 1)) * 100} label={`Upload of ${upload.file.name}`} />
          <p class="muted num" aria-live="polite">
            Uploading: {bytes(stage.sent)} of {bytes(stage.total)} ({percent((stage.sent / Math.max(stage.total, 1)) * 100)})
          </p>
        </div>
      )}
      {stage.name === 'failed' && <ErrorBox error={stage.error} title="Upload failed" />}
      {imp && (
        <>
          <p class="card-links">
            <a href={href(['imports', imp.id])}>Import #{imp.id}</a>
          </p>
          {isActive(imp.status) && <ImportProgress imp={imp} />}
          <ImportMessage imp={imp} />
          {imp.status === 'succeeded' && (
            <>
              <ImportCounts imp={imp} linkRejected />
              <ImportTimings imp={imp} />
            </>
          )}
        </>
      )}
    </article>
  );
}
