-- Bounded input: an import lists at most 50 ignored columns and counts them all; a record too long to load is
-- planned as a chunk of its own that holds only its rejection (its bytes are never read again).

ALTER TABLE imports ADD COLUMN ignored_column_count integer NOT NULL DEFAULT 0;
UPDATE imports SET ignored_column_count = coalesce(cardinality(ignored_columns), 0);

ALTER TABLE import_chunks ADD COLUMN rejection jsonb;  -- {"line", "reason", "raw"} of an over-long record

-- UTF-16 files (with a byte order mark) can be read.
ALTER TABLE imports DROP CONSTRAINT imports_encoding_check;
ALTER TABLE imports ADD CONSTRAINT imports_encoding_check
  CHECK (encoding IN ('utf-8', 'windows-1252', 'latin1', 'utf-16le', 'utf-16be', 'auto'));
