-- Initial schema (PostgreSQL). Times are integers: milliseconds since the Unix epoch (UTC).
-- Keep in step with ../sqlite/0001_initial.sql: same tables, same names, same constraints.

-- The base registry: certified bases (Art. 12) with their directions and partner units.
CREATE TABLE bases (
    id               TEXT PRIMARY KEY,
    short_name       TEXT NOT NULL,
    full_name        TEXT NOT NULL,
    responsible_name TEXT NOT NULL,
    responsible_uscc TEXT NOT NULL,
    directions       TEXT NOT NULL, -- JSON array of direction codes
    partners         TEXT NOT NULL, -- JSON array of {name, uscc, kind}
    revoked          BOOLEAN NOT NULL DEFAULT FALSE,
    created_at       BIGINT NOT NULL
);

-- Directors and deputy directors on record (Arts. 14, 15), dates as YYYY-MM-DD.
CREATE TABLE base_officers (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    base_id    TEXT NOT NULL REFERENCES bases (id),
    role       TEXT NOT NULL CHECK (role IN ('director', 'deputy_director')),
    name       TEXT NOT NULL,
    term_start TEXT NOT NULL,
    term_end   TEXT NOT NULL,
    CHECK (term_start <= term_end)
);
CREATE INDEX base_officers_base ON base_officers (base_id);

-- Accepted submissions, with the report they were accepted with.
CREATE TABLE submissions (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL
        CHECK (kind IN ('application', 'director_appointment', 'direction_change')),
    status          TEXT NOT NULL DEFAULT 'submitted'
        CHECK (status IN ('submitted', 'under_review', 'site_check', 'publicity', 'approved',
                          'certified', 'rejected', 'returned', 'withdrawn')),
    document        TEXT NOT NULL, -- the submitted JSON document
    report          TEXT NOT NULL, -- the server's report (JSON) at acceptance
    ruleset_version TEXT NOT NULL,
    content_hash    TEXT NOT NULL, -- SHA-256 (hex) of the canonical document
    receipt_hash    TEXT NOT NULL UNIQUE, -- SHA-256 (hex) of the receipt token
    unit_uscc       TEXT,          -- application: the responsible unit (normalised)
    cycle           BIGINT,       -- application: the evaluation cycle
    base_id         TEXT REFERENCES bases (id), -- appointment / direction change
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    CHECK (kind <> 'application' OR (unit_uscc IS NOT NULL AND cycle IS NOT NULL)),
    CHECK (kind = 'application' OR base_id IS NOT NULL)
);
-- Art. 8: one non-withdrawn application per unit per cycle, whatever the concurrency.
CREATE UNIQUE INDEX submissions_one_application_per_cycle
    ON submissions (unit_uscc, cycle)
    WHERE kind = 'application' AND status <> 'withdrawn';
-- Art. 21: one pending direction change per base.
CREATE UNIQUE INDEX submissions_one_pending_direction_change
    ON submissions (base_id)
    WHERE kind = 'direction_change'
      AND status IN ('submitted', 'under_review', 'site_check', 'publicity');
CREATE INDEX submissions_kind_status ON submissions (kind, status, created_at);

-- Every status a submission has had (the applicant's view shows it).
CREATE TABLE submission_events (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id TEXT NOT NULL REFERENCES submissions (id) DEFERRABLE INITIALLY DEFERRED,
    status        TEXT NOT NULL,
    note          TEXT,
    at            BIGINT NOT NULL
);
CREATE INDEX submission_events_submission ON submission_events (submission_id, id);

-- Idempotency-Key: the first answer to a submit, replayed to a retry. The key and the receipt
-- are never stored in clear: `key_hash` is SHA-256 of the key, and the receipt is derived from
-- the key and `receipt_salt`, so the answer is stored as the text around the receipt.
CREATE TABLE idempotency_keys (
    key_hash      TEXT PRIMARY KEY,
    request_hash  TEXT NOT NULL, -- SHA-256 of the form kind and the canonical document
    submission_id TEXT NOT NULL REFERENCES submissions (id) DEFERRABLE INITIALLY DEFERRED,
    receipt_salt  TEXT NOT NULL,
    status_code   INTEGER NOT NULL,
    answer_head   TEXT NOT NULL,
    answer_tail   TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);
