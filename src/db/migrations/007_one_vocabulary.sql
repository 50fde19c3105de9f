-- One name per phase: the split phase's time is split_ms, as the API (timingsMs.split), the metrics and the CLI
-- call it.
ALTER TABLE imports RENAME COLUMN read_ms TO split_ms;

-- What detection can report, checked as the options are.
ALTER TABLE imports
  ADD CONSTRAINT imports_detected_encoding_check
    CHECK (detected_encoding IN ('utf-8', 'windows-1252', 'latin1', 'utf-16le', 'utf-16be')),
  ADD CONSTRAINT imports_detected_delimiter_check CHECK (detected_delimiter IN (',', ';', E'\t', '|'));
