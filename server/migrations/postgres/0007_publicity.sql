-- Publicity notices and public objections (PostgreSQL). Keep in step with
-- ../sqlite/0007_publicity.sql, which says what each part is for.

CREATE TABLE notices (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    start_date TEXT NOT NULL,
    end_date   TEXT NOT NULL,
    opened_by  TEXT NOT NULL,
    opened_at  BIGINT NOT NULL,
    CONSTRAINT notices_period CHECK (end_date >= start_date)
);
CREATE INDEX notices_end ON notices (end_date);

CREATE TABLE notice_items (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    notice_id        BIGINT NOT NULL REFERENCES notices (id),
    submission_id    TEXT NOT NULL REFERENCES submissions (id),
    kind             TEXT NOT NULL CHECK (kind IN ('application', 'direction_change')),
    full_name        TEXT NOT NULL,
    responsible_name TEXT NOT NULL,
    partners         TEXT NOT NULL,
    directions       TEXT NOT NULL,
    end_date         TEXT NOT NULL,
    superseded       BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE UNIQUE INDEX notice_items_one_live ON notice_items (submission_id) WHERE NOT superseded;
CREATE INDEX notice_items_notice ON notice_items (notice_id, id);

CREATE TABLE objections (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reference       TEXT NOT NULL UNIQUE,
    item_id         BIGINT NOT NULL REFERENCES notice_items (id),
    objector_name   TEXT NOT NULL,
    contact         TEXT NOT NULL,
    reason          TEXT NOT NULL,
    evidence        TEXT NOT NULL,
    client_hash     TEXT NOT NULL,
    filed_at        BIGINT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'upheld', 'dismissed')),
    resolution_note TEXT,
    resolved_by     TEXT,
    resolved_at     BIGINT
);
CREATE INDEX objections_item ON objections (item_id, status);
CREATE INDEX objections_client ON objections (client_hash, filed_at);

INSERT INTO settings (key, value) VALUES ('objection_salt', md5(random()::text || clock_timestamp()::text) || md5(random()::text));
