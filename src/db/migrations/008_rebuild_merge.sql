-- The rebuild merge: a big import writes the merged products into a new table, builds its indexes after the
-- rows (sorted builds instead of row-by-row index maintenance) and swaps it in, in the merge's one transaction.
-- These functions keep the swapped-in table indistinguishable from the one it replaces, whatever an operator added
-- to it: columns, defaults, check constraints, storage and statistics settings (LIKE), reloptions, indexes, the
-- primary key, triggers, grants, comments, owner and replica identity.

ALTER TABLE imports
  ADD COLUMN merge_strategy text CHECK (merge_strategy IN ('upsert', 'rebuild')),  -- how the merge applied the import
  ADD COLUMN merge_step     text;                                                   -- what the running merge is doing

-- Why `source` cannot be rebuilt by a swap (what the swap could not carry over), or NULL when it can.
CREATE FUNCTION lfp_rebuild_obstacle(source regclass) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT CASE
    WHEN EXISTS (SELECT 1 FROM pg_constraint WHERE (conrelid = source OR confrelid = source) AND contype IN ('f', 'x'))
      THEN 'a foreign key or exclusion constraint'
    WHEN EXISTS (SELECT 1 FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid
                  WHERE d.classid = 'pg_rewrite'::regclass AND d.refobjid = source AND r.ev_class <> source)
      THEN 'a view reading it'
    WHEN EXISTS (SELECT 1 FROM pg_depend WHERE refobjid = source AND classid = 'pg_class'::regclass AND deptype IN ('a', 'i')
                    AND objid IN (SELECT oid FROM pg_class WHERE relkind = 'S'))
      THEN 'a sequence owned by one of its columns'
    WHEN EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = source) OR (SELECT relrowsecurity FROM pg_class WHERE oid = source)
      THEN 'row-level security'
    WHEN EXISTS (SELECT 1 FROM pg_inherits WHERE inhrelid = source OR inhparent = source)
      THEN 'inheritance or partitions'
    WHEN EXISTS (SELECT 1 FROM pg_publication_rel WHERE prrelid = source)
      THEN 'a publication'
  END
$$;

-- An empty table `target` (in the schema of `source`) with everything of `source` but its rows, indexes, triggers
-- and grants: those come after the rows (lfp_rebuild_index_statements, lfp_rebuild_swap).
CREATE FUNCTION lfp_rebuild_clone(source regclass, target text) RETURNS regclass
LANGUAGE plpgsql AS $$
DECLARE
  schema_name text := (SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = source);
  options text[] := (SELECT reloptions FROM pg_class WHERE oid = source);
  made regclass;
  col record;
BEGIN
  EXECUTE format('CREATE TABLE %I.%I (LIKE %s INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMPRESSION '
                 'INCLUDING STATISTICS INCLUDING GENERATED INCLUDING IDENTITY INCLUDING COMMENTS)%s',
                 schema_name, target, source,
                 CASE WHEN options IS NULL THEN '' ELSE format(' WITH (%s)', array_to_string(options, ', ')) END);
  made := format('%I.%I', schema_name, target)::regclass;
  -- Column options as an operator set them; pg_attver is one that some server builds give every column themselves.
  FOR col IN SELECT attname, attstattarget,
                    (SELECT array_agg(o) FROM unnest(attoptions) o WHERE o NOT LIKE 'pg\_attver=%') AS attoptions
               FROM pg_attribute
              WHERE attrelid = source AND attnum > 0 AND NOT attisdropped LOOP
    IF coalesce(col.attstattarget, -1) >= 0 THEN
      EXECUTE format('ALTER TABLE %s ALTER COLUMN %I SET STATISTICS %s', made, col.attname, col.attstattarget);
    END IF;
    IF col.attoptions IS NOT NULL THEN
      EXECUTE format('ALTER TABLE %s ALTER COLUMN %I SET (%s)', made, col.attname, array_to_string(col.attoptions, ', '));
    END IF;
  END LOOP;
  RETURN made;
END
$$;

-- The temporary name of the copy of index `index_oid` on a rebuilt table, until the swap gives it the original's.
CREATE FUNCTION lfp_rebuild_index_name(index_oid oid) RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT 'lfp_rebuild_index_' || index_oid $$;

-- One CREATE INDEX statement per index of `source`, for `target`, in index order: run one at a time, so that the
-- merge can report which it is building.
CREATE FUNCTION lfp_rebuild_index_statements(source regclass, target regclass) RETURNS SETOF text
LANGUAGE sql STABLE AS $$
  SELECT regexp_replace(pg_get_indexdef(i.indexrelid), '^(CREATE (UNIQUE )?INDEX )\S+ ON (ONLY )?\S+',
                        '\1' || quote_ident(lfp_rebuild_index_name(i.indexrelid)) || ' ON ' || target::text)
    FROM pg_index i
   WHERE i.indrelid = source
   ORDER BY i.indexrelid
$$;

-- Swaps `target` in for `source`: triggers, grants, comments, owner and replica identity of `source` are given to
-- `target`, `source` is dropped, and `target` takes its name, its indexes' names and its primary key. Run in the
-- transaction that built `target`, with `source` locked: readers wait only for this.
CREATE FUNCTION lfp_rebuild_swap(source regclass, target regclass) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  source_name text := (SELECT relname FROM pg_class WHERE oid = source);
  schema_name text := (SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = source);
  qualified text := format('%I.%I', schema_name, source_name);
  r record;
  renames jsonb := '[]';
BEGIN
  EXECUTE format('LOCK TABLE %s IN ACCESS EXCLUSIVE MODE', source);
  -- pg_get_triggerdef names the table schema-qualified: ON public.products.
  FOR r IN SELECT pg_get_triggerdef(oid) AS def FROM pg_trigger WHERE tgrelid = source AND NOT tgisinternal ORDER BY tgname LOOP
    EXECUTE replace(r.def, ' ON ' || qualified || ' ', ' ON ' || target::text || ' ');
  END LOOP;
  FOR r IN SELECT a.grantee, a.privilege_type, a.is_grantable
             FROM pg_class c, aclexplode(c.relacl) a WHERE c.oid = source AND a.grantee <> c.relowner LOOP
    EXECUTE format('GRANT %s ON %s TO %s%s', r.privilege_type, target,
                   CASE WHEN r.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(r.grantee)) END,
                   CASE WHEN r.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END);
  END LOOP;
  IF obj_description(source, 'pg_class') IS NOT NULL THEN
    EXECUTE format('COMMENT ON TABLE %s IS %L', target, obj_description(source, 'pg_class'));
  END IF;
  EXECUTE format('ALTER TABLE %s OWNER TO %I', target, (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = source));
  IF (SELECT relreplident FROM pg_class WHERE oid = source) = 'f' THEN
    EXECUTE format('ALTER TABLE %s REPLICA IDENTITY FULL', target);
  ELSIF (SELECT relreplident FROM pg_class WHERE oid = source) = 'n' THEN
    EXECUTE format('ALTER TABLE %s REPLICA IDENTITY NOTHING', target);
  END IF;
  -- What each index becomes once the source is gone: its name, or the constraint it backs.
  SELECT coalesce(jsonb_agg(jsonb_build_object(
           'copy', lfp_rebuild_index_name(i.indexrelid), 'name', ic.relname, 'comment', obj_description(i.indexrelid, 'pg_class'),
           'constraint', con.conname, 'kind', con.contype, 'constraint_comment', obj_description(con.oid, 'pg_constraint'),
           'replica', i.indisreplident)), '[]')
    INTO renames
    FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
    LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = source AND con.contype IN ('p', 'u')
   WHERE i.indrelid = source;
  EXECUTE format('DROP TABLE %s', source);
  EXECUTE format('ALTER TABLE %s RENAME TO %I', target, source_name);
  FOR r IN SELECT * FROM jsonb_to_recordset(renames)
             AS x(copy text, name text, comment text, "constraint" text, kind text, constraint_comment text, replica boolean) LOOP
    IF r."constraint" IS NOT NULL THEN
      EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s USING INDEX %I', qualified, r."constraint",
                     CASE r.kind WHEN 'p' THEN 'PRIMARY KEY' ELSE 'UNIQUE' END, r.copy);
      IF r.constraint_comment IS NOT NULL THEN
        EXECUTE format('COMMENT ON CONSTRAINT %I ON %s IS %L', r."constraint", qualified, r.constraint_comment);
      END IF;
      IF r.name <> r."constraint" THEN EXECUTE format('ALTER INDEX %I.%I RENAME TO %I', schema_name, r."constraint", r.name); END IF;
    ELSE
      EXECUTE format('ALTER INDEX %I.%I RENAME TO %I', schema_name, r.copy, r.name);
    END IF;
    IF r.comment IS NOT NULL THEN EXECUTE format('COMMENT ON INDEX %I.%I IS %L', schema_name, r.name, r.comment); END IF;
    IF r.replica THEN EXECUTE format('ALTER TABLE %s REPLICA IDENTITY USING INDEX %I', qualified, r.name); END IF;
  END LOOP;
END
$$;
