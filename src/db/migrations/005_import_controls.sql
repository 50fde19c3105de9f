-- Import controls: how a file is read (encoding, delimiter), how strict the import is, dry runs, idempotent
-- submission, skipping files already imported, and undo.

ALTER TABLE imports DROP CONSTRAINT imports_status_check;
ALTER TABLE imports ADD CONSTRAINT imports_status_check
  CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'skipped', 'reverted'));

ALTER TABLE imports
  ADD COLUMN dry_run           boolean NOT NULL DEFAULT false,  -- every phase but the apply; products never change
  ADD COLUMN mode              text    NOT NULL DEFAULT 'partial' CHECK (mode IN ('partial', 'strict')),
  ADD COLUMN max_errors        bigint  CHECK (max_errors >= 0), -- more rejected rows than this fail the import
  ADD COLUMN encoding          text    NOT NULL DEFAULT 'utf-8' CHECK (encoding IN ('utf-8', 'windows-1252', 'latin1', 'auto')),
  ADD COLUMN delimiter         text    NOT NULL DEFAULT ',' CHECK (delimiter IN (',', ';', E'\t', '|', 'auto')),
  ADD COLUMN detected_encoding text,                            -- what the first bytes of the file look like
  ADD COLUMN detected_delimiter text,
  ADD COLUMN idempotency_key   text,
  ADD COLUMN request_hash      text,                            -- file and options of the keyed request
  ADD COLUMN duplicate_of      bigint,                          -- an earlier succeeded import of the same file
  ADD COLUMN applied_at        timestamptz,                     -- now() of the merge transaction: updated_at of every row it wrote
  ADD COLUMN undo_kept_until   timestamptz,                     -- undo data kept until then (retention at merge time); NULL: none kept
  ADD COLUMN undo_dropped_at   timestamptz,                     -- undo data dropped after its retention
  ADD COLUMN reverted_at       timestamptz,
  ADD COLUMN rows_restored     bigint,                          -- products put back to their state before the import
  ADD COLUMN rows_removed      bigint,                          -- products the import had created, deleted again
  ADD COLUMN rows_kept         bigint;                          -- products a forced revert left alone: written since

CREATE UNIQUE INDEX imports_idempotency_key_idx ON imports (idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX imports_sha256_idx ON imports (sha256, id) WHERE status = 'succeeded' AND NOT dry_run;

-- What a dry run would do to product counts: the names whose count changes, before and after.
CREATE TABLE import_name_changes (
  import_id    bigint NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
  name         text COLLATE "C" NOT NULL,
  count_before bigint NOT NULL,
  count_after  bigint NOT NULL,
  PRIMARY KEY (import_id, name)
);

-- What reverting an import needs: per product it changed, the row as it was before (existed = false: the import
-- created it). Captured from the transition tables of the import's own statement, so it is exactly what changed.
-- No primary key: rows arrive in bulk and are only ever read or dropped by import.
CREATE TABLE import_undo (
  import_id      bigint NOT NULL,
  sku            text COLLATE "C" NOT NULL,
  existed        boolean NOT NULL,
  name           text COLLATE "C",
  description    text,
  created_at     timestamptz,
  updated_at     timestamptz,
  last_import_id bigint
);
-- BRIN, not B-tree: an import's rows are appended together, so block ranges find them, and the index costs a
-- merge of 464,000 new products about 0.1 s where a B-tree on import_id cost 0.8 s (measured, see bench/README.md).
CREATE INDEX import_undo_import_idx ON import_undo USING brin (import_id) WITH (autosummarize = on);

-- A merge names itself in the transaction-local setting lfp.undo_import; other writers leave it unset and
-- capture nothing.
CREATE FUNCTION lfp_products_undo_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  importing bigint := nullif(current_setting('lfp.undo_import', true), '')::bigint;
BEGIN
  IF importing IS NULL THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO import_undo (import_id, sku, existed) SELECT importing, sku, false FROM new_rows;
  ELSE
    INSERT INTO import_undo (import_id, sku, existed, name, description, created_at, updated_at, last_import_id)
    SELECT importing, sku, true, name, description, created_at, updated_at, last_import_id FROM old_rows;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER products_undo_insert AFTER INSERT ON products
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION lfp_products_undo_trigger();
CREATE TRIGGER products_undo_update AFTER UPDATE ON products
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION lfp_products_undo_trigger();
