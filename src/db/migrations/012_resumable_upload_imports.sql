-- Which import each completed resumable (tus) upload made, or found again by its idempotency key: a retried final
-- PATCH or a HEAD of an upload whose partial copy is gone answers with that import, whatever key it was submitted
-- with. An upload that replayed an earlier import (the client's Idempotency-Key) links to that import.
CREATE TABLE resumable_upload_imports (
  upload_id  uuid        PRIMARY KEY,  -- the upload's id in its URL, /api/uploads/<upload_id>
  import_id  bigint      NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);
