-- The progress of a whole import: when its merge (or a dry run's preview) began, so that the merge's share of the
-- import's percent and ETA keeps moving while it runs. finished_at is from now on the moment the import really
-- ended (the merge's commit), not the start of its transaction.

ALTER TABLE imports
  ADD COLUMN merge_started_at timestamptz;  -- when the running or last merge began; NULL: not merged (yet)

-- Recent succeeded imports by kind, newest first: what the phase costs of the next import are estimated from.
CREATE INDEX imports_succeeded_recent ON imports (dry_run, finished_at DESC) WHERE status = 'succeeded';

-- What the event stream of all imports polls for: the imports that finished or were reverted lately.
CREATE INDEX imports_changed_at ON imports ((coalesce(reverted_at, finished_at)));
