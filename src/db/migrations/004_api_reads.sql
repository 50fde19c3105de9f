-- Reads of the HTTP API: product search by name prefix (case-insensitive) and the name filter, both ordered by SKU
-- for keyset pagination; SKU prefix search uses the primary key (byte-wise collation makes LIKE 'abc%' indexable).
CREATE INDEX products_name_search_idx ON products (lower(name), sku);

-- Counters bumped in the same transaction as every change to products, or to imports. Cached reads are keyed by
-- the versions of what they read, so a read that starts after a write has committed never sees a result computed
-- before it; import progress (which updates imports at every chunk) leaves cached product pages alone.
CREATE TABLE lfp_data_version (
  source  text PRIMARY KEY CHECK (source IN ('products', 'imports')),
  version bigint NOT NULL
);
INSERT INTO lfp_data_version (source, version) VALUES ('products', 1), ('imports', 1);

CREATE FUNCTION lfp_bump_data_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE lfp_data_version SET version = version + 1 WHERE source = TG_ARGV[0];
  RETURN NULL;
END
$$;

CREATE TRIGGER products_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON products
  FOR EACH STATEMENT EXECUTE FUNCTION lfp_bump_data_version('products');
CREATE TRIGGER imports_data_version AFTER INSERT OR UPDATE OR DELETE ON imports
  FOR EACH STATEMENT EXECUTE FUNCTION lfp_bump_data_version('imports');

-- Aggregates listed by count (descending, ties by name) or searched by name prefix, keyset-paginated.
CREATE INDEX product_aggregates_count_idx ON product_aggregates ((-product_count), name);
CREATE INDEX product_aggregates_search_idx ON product_aggregates (lower(name), name);
