-- Webhooks: URLs told when an import finishes. Written by src/webhooks/store.ts only.

CREATE TABLE webhooks (
  id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  url        text        NOT NULL CHECK (length(url) <= 2000),
  -- the events it is sent (webhooks/model.ts: WebhookEvent)
  events     text[]      NOT NULL CHECK (cardinality(events) > 0 AND events <@ ARRAY[
               'import.succeeded', 'import.failed', 'import.cancelled', 'import.reverted', 'import.skipped']),
  -- HMAC-SHA256 key of the Lfp-Signature header; shown once, when the webhook is created
  secret     text        NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One event told to one webhook: made in the transaction that finished the import, with its first job.
CREATE TABLE webhook_deliveries (
  id           uuid        PRIMARY KEY,          -- sent in the body and the Lfp-Delivery header, for deduplication
  seq          bigint      GENERATED ALWAYS AS IDENTITY UNIQUE, -- the listing's order
  webhook_id   bigint      NOT NULL REFERENCES webhooks ON DELETE CASCADE,
  event        text        NOT NULL CHECK (event IN (
                 'import.succeeded', 'import.failed', 'import.cancelled', 'import.reverted', 'import.skipped')),
  import_id    bigint      NOT NULL,
  body         text        NOT NULL,             -- the JSON sent, the same bytes at every attempt
  status       text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts     integer     NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,                   -- while pending
  created_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz
);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, seq);

-- Every attempt at a delivery: what the receiver answered (status_code; null when nothing came) and how long it took.
CREATE TABLE webhook_attempts (
  delivery_id uuid             NOT NULL REFERENCES webhook_deliveries ON DELETE CASCADE,
  attempt     integer          NOT NULL CHECK (attempt >= 1),
  started_at  timestamptz      NOT NULL,
  duration_ms double precision NOT NULL,
  status_code integer,
  error       text,
  PRIMARY KEY (delivery_id, attempt)
);
