-- The secretariat's review desk (SQLite). Keep in step with ../postgres/0002_review.sql.

-- What the secretariat's list filters, searches and sorts by, kept with each submission when
-- it is accepted (or resubmitted) so the list never parses documents in SQL.
ALTER TABLE submissions ADD COLUMN unit_name TEXT;       -- application: the unit; others: the base's responsible unit
ALTER TABLE submissions ADD COLUMN unit_kind TEXT;       -- application: Art. 4 kind
ALTER TABLE submissions ADD COLUMN directions TEXT;      -- `|code|code|` (application: applied; change: requested)
ALTER TABLE submissions ADD COLUMN has_warnings INTEGER NOT NULL DEFAULT 0 CHECK (has_warnings IN (0, 1));
ALTER TABLE submissions ADD COLUMN priority INTEGER NOT NULL DEFAULT 0 CHECK (priority IN (0, 1)); -- Art. 9

UPDATE submissions SET
    unit_name = CASE WHEN kind = 'application' THEN json_extract(document, '$.unit.name')
                     ELSE (SELECT responsible_name FROM bases WHERE bases.id = submissions.base_id) END,
    unit_uscc = CASE WHEN kind = 'application' THEN unit_uscc
                     ELSE (SELECT responsible_uscc FROM bases WHERE bases.id = submissions.base_id) END,
    unit_kind = CASE WHEN kind = 'application' THEN json_extract(document, '$.unit.kind') END,
    directions = (SELECT '|' || group_concat(value, '|') || '|' FROM json_each(document,
                     CASE WHEN kind = 'direction_change' THEN '$.requested_directions' ELSE '$.directions' END)
                  WHERE kind <> 'director_appointment' AND json_valid(document)),
    has_warnings = EXISTS (SELECT 1 FROM json_each(report, '$.issues') WHERE json_extract(value, '$.severity') = 'warning'),
    priority = EXISTS (SELECT 1 FROM json_each(report, '$.issues') WHERE json_extract(value, '$.rule') = 'art9.joint_priority');
CREATE INDEX submissions_created ON submissions (created_at);

-- Secretariat accounts. Passwords: argon2id PHC strings.
CREATE TABLE admin_users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    username      TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);

-- Sessions: only the SHA-256 of the cookie's random token is stored.
CREATE TABLE admin_sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES admin_users (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX admin_sessions_user ON admin_sessions (user_id);

-- Failed logins, for the rate limit (per username and per client address).
CREATE TABLE login_failures (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL,
    client   TEXT NOT NULL,
    at       INTEGER NOT NULL
);
CREATE INDEX login_failures_username ON login_failures (username, at);
CREATE INDEX login_failures_client ON login_failures (client, at);

-- The audit log: who did what to which submission, when, from which status to which.
-- Append-only: the triggers refuse every update and delete.
CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    at            INTEGER NOT NULL,
    actor         TEXT NOT NULL,  -- a secretariat username, or `applicant`
    action        TEXT NOT NULL,  -- decision, resubmit, reveal, export, login, logout
    submission_id TEXT REFERENCES submissions (id),
    from_status   TEXT,
    to_status     TEXT,
    note          TEXT,
    detail        TEXT
);
CREATE INDEX audit_log_submission ON audit_log (submission_id, id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
