-- Imports become durable jobs: the upload is stored, the split job plans chunks, load jobs load them, a finalize
-- job merges. Merges follow submission order, which a retry renews.

CREATE SEQUENCE import_submission_seq;

ALTER TABLE imports
  ADD COLUMN storage_key   text,              -- the stored upload, under <data dir>/uploads
  ADD COLUMN chunk_bytes   integer,           -- chunk size the import is split with (fixed, so a retried split cuts the same chunks)
  ADD COLUMN submitted_seq bigint NOT NULL DEFAULT nextval('import_submission_seq'),
  ADD COLUMN upload_ms     double precision;  -- receiving and storing the file (read_ms is the split: reading and cutting it)

CREATE INDEX imports_pending_idx ON imports (submitted_seq) WHERE status IN ('queued', 'running') AND storage_key IS NOT NULL;

-- A chunk row is now written when the chunk is planned, and filled in when it is loaded.
ALTER TABLE import_chunks
  ADD COLUMN path  text,                      -- a file of its own (decompressed gzip input); NULL: the stored upload
  ADD COLUMN crc32 bigint,                    -- of the chunk's bytes, checked before loading
  ALTER COLUMN rows_read DROP NOT NULL,
  ALTER COLUMN rows_rejected DROP NOT NULL,
  ALTER COLUMN parse_ms DROP NOT NULL,
  ALTER COLUMN loaded_at DROP NOT NULL,
  ALTER COLUMN loaded_at DROP DEFAULT;
