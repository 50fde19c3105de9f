-- An import may read its file where it is, an object of a bucket, instead of a copy in upload storage: the object
-- and its ETag at submission (every read asks for that version). NULL: the file is the upload under storage_key,
-- which for an object read in place holds only what lfp makes of it (the chunks of gzip input).

ALTER TABLE imports
  ADD COLUMN source_bucket text,
  ADD COLUMN source_object text,
  ADD COLUMN source_etag   text,
  ADD CONSTRAINT imports_source_object_whole
    CHECK ((source_bucket IS NULL) = (source_object IS NULL) AND (source_object IS NULL) = (source_etag IS NULL));

-- The sha256 known for a version of an object, from an import that read it: how a submission of the same version
-- knows its content before reading it.
CREATE INDEX imports_source_version_idx ON imports (source_bucket, source_object, source_etag) WHERE sha256 IS NOT NULL;
