-- What a revert needs of a product an import created is its SKU alone. One row per SKU cost 136 bytes with its
-- header and index entry, all WAL-logged: 1.3 GB for a 10,000,000-row import into an empty catalogue, about a tenth
-- of its merge. Those SKUs are now kept packed, up to 10,000 to a row, as arrays stored out of line uncompressed
-- (SKUs hardly compress; compressing them cost more than it saved).
--
-- import_undo_rows: the earlier state of each product an import changed or deleted (as import_undo held it).
-- import_undo_created: the SKUs of the products an import created.
-- import_undo: a view of both, one entry per product, which is what a revert reads.
ALTER TABLE import_undo RENAME TO import_undo_rows;
ALTER INDEX import_undo_import_idx RENAME TO import_undo_rows_import_idx;

CREATE TABLE import_undo_created (
  import_id bigint NOT NULL,
  skus      text[] COLLATE "C" NOT NULL
);
ALTER TABLE import_undo_created ALTER COLUMN skus SET STORAGE EXTERNAL;
CREATE INDEX import_undo_created_import_idx ON import_undo_created (import_id);

INSERT INTO import_undo_created (import_id, skus)
SELECT import_id, array_agg(sku ORDER BY sku)
  FROM (SELECT import_id, sku, (row_number() OVER (PARTITION BY import_id ORDER BY sku) - 1) / 10000 AS pack
          FROM import_undo_rows WHERE NOT existed) created
 GROUP BY import_id, pack;
DELETE FROM import_undo_rows WHERE NOT existed;
ALTER TABLE import_undo_rows DROP COLUMN existed;

CREATE VIEW import_undo AS
  SELECT import_id, sku, true AS existed, name, description, created_at, updated_at, last_import_id, deleted
    FROM import_undo_rows
  UNION ALL
  SELECT import_id, unnest(skus) COLLATE "C", false, NULL, NULL, NULL, NULL, NULL, false
    FROM import_undo_created;

-- The upsert's undo capture (migrations 005 and 009), writing the created SKUs packed.
CREATE OR REPLACE FUNCTION lfp_products_undo_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  importing bigint := nullif(current_setting('lfp.undo_import', true), '')::bigint;
BEGIN
  IF importing IS NULL THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO import_undo_created (import_id, skus)
    SELECT importing, array_agg(sku)
      FROM (SELECT sku, (row_number() OVER () - 1) / 10000 AS pack FROM new_rows) created
     GROUP BY pack;
  ELSE
    INSERT INTO import_undo_rows (import_id, sku, name, description, created_at, updated_at, last_import_id, deleted)
    SELECT importing, sku, name, description, created_at, updated_at, last_import_id, TG_OP = 'DELETE' FROM old_rows;
  END IF;
  RETURN NULL;
END
$$;
