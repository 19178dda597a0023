-- The e-mail outbox (PostgreSQL; issue 25). Keep in step with ../sqlite/0010_outbox.sql,
-- which says what each part is for.

ALTER TABLE submissions ADD COLUMN locale TEXT NOT NULL DEFAULT 'zh-CN' CHECK (locale IN ('zh-CN', 'en'));

CREATE TABLE outbox (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id      TEXT NOT NULL UNIQUE,
    dedupe_key      TEXT NOT NULL UNIQUE,
    submission_id   TEXT REFERENCES submissions (id),
    recipient       TEXT NOT NULL,
    locale          TEXT NOT NULL CHECK (locale IN ('zh-CN', 'en')),
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    claimed_until   BIGINT,
    sent_at         BIGINT,
    failed_at       BIGINT,
    last_error      TEXT
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX outbox_submission ON outbox (submission_id);
