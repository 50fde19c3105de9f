-- Supplier feeds: column mappings, saved import profiles, sync mode (products the file does not list are deleted)
-- and the conflict policy (skip: existing products are left as they are).

ALTER TABLE imports
  ADD COLUMN mapping            jsonb   NOT NULL DEFAULT '{}',        -- product column -> file column, as asked
  ADD COLUMN mapped_columns     jsonb,                                -- the file column each product column was read from
  ADD COLUMN on_conflict        text    NOT NULL DEFAULT 'update' CHECK (on_conflict IN ('update', 'skip')),
  ADD COLUMN sync               boolean NOT NULL DEFAULT false,       -- delete the products the file does not list
  ADD COLUMN max_delete_percent float8  NOT NULL DEFAULT 10 CHECK (max_delete_percent BETWEEN 0 AND 100),
  ADD COLUMN profile            text,                                 -- the profile the options started from
  ADD COLUMN rows_deleted       bigint  NOT NULL DEFAULT 0,
  ADD COLUMN rows_skipped       bigint  NOT NULL DEFAULT 0;

-- The SKU of a rejected row, when it can still be read: a sync keeps that product (a bad row must not delete what
-- it meant to update).
ALTER TABLE import_errors ADD COLUMN sku text COLLATE "C";

-- Named sets of import options and a mapping, applied with profile=NAME.
CREATE TABLE import_profiles (
  name       text PRIMARY KEY,
  options    jsonb NOT NULL DEFAULT '{}',
  mapping    jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A sync deletes: the undo data keeps each deleted product as it was (deleted = true), so that a revert inserts it
-- again as it was.
ALTER TABLE import_undo ADD COLUMN deleted boolean NOT NULL DEFAULT false;

CREATE OR REPLACE FUNCTION lfp_products_undo_trigger() RETURNS trigger
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
    INSERT INTO import_undo (import_id, sku, existed, name, description, created_at, updated_at, last_import_id, deleted)
    SELECT importing, sku, true, name, description, created_at, updated_at, last_import_id, TG_OP = 'DELETE' FROM old_rows;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER products_undo_delete AFTER DELETE ON products
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION lfp_products_undo_trigger();
