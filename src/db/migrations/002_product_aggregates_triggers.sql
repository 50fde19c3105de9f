-- product_aggregates is maintained by PostgreSQL itself, so that every writer of products (an import, the API,
-- a hand-written statement) keeps it equal to SELECT name, count(*) FROM products GROUP BY name at each commit.
--
-- Statement-level triggers read the transition tables and apply one delta per name. Every writer takes the same
-- transaction-level advisory lock before touching product_aggregates, so deltas apply one transaction at a time:
-- no lost updates, no deadlocks between aggregate rows, and a count that reaches 0 is deleted, never stored.
-- A statement's trigger runs after all of its row locks are taken, so the lock is held only from there to commit.

-- Each operation gets the cheapest statement for its deltas, applied in name order (btree pages are then visited
-- in order, markedly faster for big imports): an insert only adds, a delete only subtracts, an update does both.
CREATE FUNCTION lfp_products_aggregate_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(7103088, 1);  -- namespace 'lfp', lock 1: product_aggregates
  IF TG_OP = 'INSERT' THEN
    INSERT INTO product_aggregates AS a (name, product_count)
    SELECT name, count(*) FROM new_rows GROUP BY name ORDER BY name
    ON CONFLICT (name) DO UPDATE SET product_count = a.product_count + excluded.product_count;
  ELSIF TG_OP = 'DELETE' THEN
    MERGE INTO product_aggregates AS a
    USING (SELECT name, count(*) AS removed FROM old_rows GROUP BY name ORDER BY name) AS d
       ON a.name = d.name
    WHEN MATCHED AND a.product_count = d.removed THEN DELETE
    WHEN MATCHED THEN UPDATE SET product_count = a.product_count - d.removed;
  ELSE
    MERGE INTO product_aggregates AS a
    USING (SELECT name, sum(n) AS delta
             FROM (SELECT name, 1 AS n FROM new_rows UNION ALL SELECT name, -1 FROM old_rows) u
            GROUP BY name HAVING sum(n) <> 0 ORDER BY name) AS d
       ON a.name = d.name
    WHEN MATCHED AND a.product_count + d.delta = 0 THEN DELETE
    WHEN MATCHED THEN UPDATE SET product_count = a.product_count + d.delta
    WHEN NOT MATCHED THEN INSERT (name, product_count) VALUES (d.name, d.delta);
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION lfp_products_truncate_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(7103088, 1);
  DELETE FROM product_aggregates;
  RETURN NULL;
END
$$;

CREATE TRIGGER products_aggregate_insert AFTER INSERT ON products
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION lfp_products_aggregate_trigger();
CREATE TRIGGER products_aggregate_update AFTER UPDATE ON products
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION lfp_products_aggregate_trigger();
CREATE TRIGGER products_aggregate_delete AFTER DELETE ON products
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION lfp_products_aggregate_trigger();
CREATE TRIGGER products_aggregate_truncate AFTER TRUNCATE ON products
  FOR EACH STATEMENT EXECUTE FUNCTION lfp_products_truncate_trigger();
