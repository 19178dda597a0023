-- Publicity notices and public objections (SQLite; PROCEDURE.md "Publicity and objections",
-- Arts. 11, 12). Keep in step with ../postgres/0007_publicity.sql.
--
-- A notice runs from its start to its end date (start + --publicity-days - 1), both Beijing
-- dates. Each item copies what the notice published (the Art. 12 full name, the units, the
-- directions) so the notice reads as it was whatever happens to the submission later. An
-- objection keeps the objector's name and contact for the secretariat only, and its client
-- address only as a salted hash (the salt is this database's, made here).

CREATE TABLE notices (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    start_date TEXT NOT NULL,
    end_date   TEXT NOT NULL,
    opened_by  TEXT NOT NULL,
    opened_at  INTEGER NOT NULL,
    CONSTRAINT notices_period CHECK (end_date >= start_date)
);
CREATE INDEX notices_end ON notices (end_date);

CREATE TABLE notice_items (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    notice_id        INTEGER NOT NULL REFERENCES notices (id),
    submission_id    TEXT NOT NULL REFERENCES submissions (id),
    kind             TEXT NOT NULL CHECK (kind IN ('application', 'direction_change')),
    full_name        TEXT NOT NULL,
    responsible_name TEXT NOT NULL,
    partners         TEXT NOT NULL, -- JSON array of unit names
    directions       TEXT NOT NULL, -- JSON array of catalogue codes
    end_date         TEXT NOT NULL, -- the notice's, for the uniqueness below
    -- 1 once a later notice lists the submission again (after this one closed)
    superseded       INTEGER NOT NULL DEFAULT 0 CHECK (superseded IN (0, 1))
);
-- A submission is on at most one notice that is not superseded (a later notice may list it
-- only once this one has closed: the server supersedes closed items first).
CREATE UNIQUE INDEX notice_items_one_live ON notice_items (submission_id) WHERE superseded = 0;
CREATE INDEX notice_items_notice ON notice_items (notice_id, id);

CREATE TABLE objections (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    reference       TEXT NOT NULL UNIQUE,
    item_id         INTEGER NOT NULL REFERENCES notice_items (id),
    objector_name   TEXT NOT NULL,
    contact         TEXT NOT NULL,
    reason          TEXT NOT NULL,
    evidence        TEXT NOT NULL, -- JSON array of lines
    client_hash     TEXT NOT NULL, -- SHA-256 of this database's salt and the client address
    filed_at        INTEGER NOT NULL,
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'upheld', 'dismissed')),
    resolution_note TEXT,
    resolved_by     TEXT,
    resolved_at     INTEGER
);
CREATE INDEX objections_item ON objections (item_id, status);
CREATE INDEX objections_client ON objections (client_hash, filed_at);

INSERT INTO settings (key, value) VALUES ('objection_salt', lower(hex(randomblob(32))));
