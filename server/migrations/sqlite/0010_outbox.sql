-- The e-mail outbox (SQLite; issue 25). Keep in step with ../postgres/0010_outbox.sql.
--
-- A notification is written here in the same transaction as what it tells (a submission
-- stored, a decision), so it exists exactly when that change exists; the worker
-- (`server/src/outbox/worker.rs`) sends it later and marks it sent.

-- The locale a submission was made in: its notifications are written in it.
ALTER TABLE submissions ADD COLUMN locale TEXT NOT NULL DEFAULT 'zh-CN' CHECK (locale IN ('zh-CN', 'en'));

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    -- The message's own id: its file name (`{message_id}.eml`) and the left part of its
    -- Message-ID header, the same on every attempt.
    message_id      TEXT NOT NULL UNIQUE,
    -- The event it tells (`submitted:{submission}`, `status:{submission}:{n}` for the n-th
    -- history line): an event queues one message however often it is replayed.
    dedupe_key      TEXT NOT NULL UNIQUE,
    submission_id   TEXT REFERENCES submissions (id),
    recipient       TEXT NOT NULL,
    locale          TEXT NOT NULL CHECK (locale IN ('zh-CN', 'en')),
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,         -- text/plain, UTF-8
    created_at      INTEGER NOT NULL,      -- ms since the epoch (UTC)
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    -- A worker's claim: until then no other worker takes the message (a worker that died
    -- mid-send lets it lapse).
    claimed_until   INTEGER,
    sent_at         INTEGER,
    -- Given up (a permanent refusal, or too many attempts): never tried again.
    failed_at       INTEGER,
    last_error      TEXT                   -- short, the transport's words, no personal data
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX outbox_submission ON outbox (submission_id);
