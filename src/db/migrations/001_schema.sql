-- Products, their exact per-name aggregate, and the bookkeeping of imports.

CREATE TABLE imports (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source_name     text        NOT NULL,
  source_bytes    bigint,                 -- size of the file as received (compressed, if it was)
  sha256          text,                   -- of the file as received
  status          text        NOT NULL DEFAULT 'queued'
                  CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  columns         text[],                 -- the header as found in the file
  ignored_columns text[]      NOT NULL DEFAULT '{}',
  bytes_total     bigint,                 -- decompressed bytes, once the whole file was read
  bytes_done      bigint      NOT NULL DEFAULT 0,
  chunks_total    integer,
  chunks_done     integer     NOT NULL DEFAULT 0,
  rows_read       bigint      NOT NULL DEFAULT 0,
  rows_rejected   bigint      NOT NULL DEFAULT 0,
  rows_inserted   bigint      NOT NULL DEFAULT 0,
  rows_updated    bigint      NOT NULL DEFAULT 0,
  rows_unchanged  bigint      NOT NULL DEFAULT 0,
  rows_superseded bigint      NOT NULL DEFAULT 0, -- earlier rows of a SKU that a later row of the same file replaced
  read_ms         double precision,       -- reading the file and cutting it into chunks
  parse_ms        double precision,       -- parsing and validating, summed over chunks
  load_ms         double precision,       -- loading chunks into staging, wall time
  merge_ms        double precision,       -- applying staging to products and aggregates
  total_ms        double precision,
  error           text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  started_at      timestamptz,
  finished_at     timestamptz
);
CREATE INDEX imports_status_idx ON imports (status, id);

-- One row per chunk loaded into staging; committed with the chunk's rows, so a retried chunk is never counted twice.
CREATE TABLE import_chunks (
  import_id     bigint  NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
  chunk_index   integer NOT NULL,
  byte_start    bigint  NOT NULL,
  byte_end      bigint  NOT NULL,
  first_line    bigint  NOT NULL,
  rows_read     integer NOT NULL,
  rows_rejected integer NOT NULL,
  parse_ms      double precision NOT NULL,
  loaded_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (import_id, chunk_index)
);

CREATE TABLE import_errors (
  import_id bigint NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
  line      bigint NOT NULL,              -- 1-based; the header is line 1; a multi-line record is numbered by its first line
  reason    text   NOT NULL,
  raw       text   NOT NULL,              -- the record as found, truncated
  PRIMARY KEY (import_id, line)
);

-- Byte-wise collation: SKUs compare as bytes, which is also what makes sorting and merging fast.
-- last_import_id has no foreign key on purpose: a per-row check would cost an import one trigger call per row.
CREATE TABLE products (
  sku            text COLLATE "C" PRIMARY KEY CHECK (char_length(sku) BETWEEN 1 AND 120),
  name           text COLLATE "C" NOT NULL DEFAULT '' CHECK (char_length(name) <= 420),
  description    text NOT NULL DEFAULT '',
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  last_import_id bigint
);

CREATE TABLE product_aggregates (
  name          text COLLATE "C" PRIMARY KEY,
  product_count bigint NOT NULL CHECK (product_count > 0)
) WITH (fillfactor = 80);  -- room on each page for HOT updates of counts

-- Staging tables, one unlogged table per running import, dropped when it ends.
CREATE SCHEMA lfp_staging;
