-- Reads of the HTTP API: product search by name prefix (case-insensitive) and the name filter, both ordered by SKU
-- for keyset pagination; SKU prefix search uses the primary key (byte-wise collation makes LIKE 'abc%' indexable).
CREATE INDEX products_name_search_idx ON products (lower(name), sku);

-- A counter bumped in the same transaction as every change to products or imports. Cached reads are keyed by it,
-- so a read that starts after a write has committed never sees a result computed before it.
CREATE TABLE lfp_data_version (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  version   bigint NOT NULL
);
INSERT INTO lfp_data_version (version) VALUES (1);

CREATE FUNCTION lfp_bump_data_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE lfp_data_version SET version = version + 1;
  RETURN NULL;
END
$$;

CREATE TRIGGER products_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON products
  FOR EACH STATEMENT EXECUTE FUNCTION lfp_bump_data_version();
CREATE TRIGGER imports_data_version AFTER INSERT OR UPDATE OR DELETE ON imports
  FOR EACH STATEMENT EXECUTE FUNCTION lfp_bump_data_version();

-- Aggregates listed by count (descending, ties by name) or searched by name prefix, keyset-paginated.
CREATE INDEX product_aggregates_count_idx ON product_aggregates ((-product_count), name);
CREATE INDEX product_aggregates_search_idx ON product_aggregates (lower(name), name);
