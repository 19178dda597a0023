-- The secretariat's review desk (PostgreSQL). Keep in step with ../sqlite/0002_review.sql.

-- What the secretariat's list filters, searches and sorts by, kept with each submission when
-- it is accepted (or resubmitted) so the list never parses documents in SQL.
ALTER TABLE submissions ADD COLUMN unit_name TEXT;       -- application: the unit; others: the base's responsible unit
ALTER TABLE submissions ADD COLUMN unit_kind TEXT;       -- application: Art. 4 kind
ALTER TABLE submissions ADD COLUMN directions TEXT;      -- `|code|code|` (application: applied; change: requested)
ALTER TABLE submissions ADD COLUMN has_warnings BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE submissions ADD COLUMN priority BOOLEAN NOT NULL DEFAULT FALSE; -- Art. 9

UPDATE submissions SET
    unit_name = CASE WHEN kind = 'application' THEN document::jsonb -> 'unit' ->> 'name'
                     ELSE (SELECT responsible_name FROM bases WHERE bases.id = submissions.base_id) END,
    unit_uscc = CASE WHEN kind = 'application' THEN unit_uscc
                     ELSE (SELECT responsible_uscc FROM bases WHERE bases.id = submissions.base_id) END,
    unit_kind = CASE WHEN kind = 'application' THEN document::jsonb -> 'unit' ->> 'kind' END,
    directions = CASE WHEN kind = 'director_appointment' THEN NULL ELSE
                     (SELECT '|' || string_agg(d, '|') || '|' FROM jsonb_array_elements_text(
                         CASE WHEN jsonb_typeof(document::jsonb -> (CASE WHEN kind = 'direction_change' THEN 'requested_directions' ELSE 'directions' END)) = 'array'
                              THEN document::jsonb -> (CASE WHEN kind = 'direction_change' THEN 'requested_directions' ELSE 'directions' END)
                              ELSE '[]'::jsonb END) AS d) END,
    has_warnings = EXISTS (SELECT 1 FROM jsonb_array_elements(report::jsonb -> 'issues') AS i WHERE i ->> 'severity' = 'warning'),
    priority = EXISTS (SELECT 1 FROM jsonb_array_elements(report::jsonb -> 'issues') AS i WHERE i ->> 'rule' = 'art9.joint_priority');
CREATE INDEX submissions_created ON submissions (created_at);

-- Secretariat accounts. Passwords: argon2id PHC strings.
CREATE TABLE admin_users (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);

-- Sessions: only the SHA-256 of the cookie's random token is stored.
CREATE TABLE admin_sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES admin_users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX admin_sessions_user ON admin_sessions (user_id);

-- Failed logins, for the rate limit (per username and per client address).
CREATE TABLE login_failures (
    id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username TEXT NOT NULL,
    client   TEXT NOT NULL,
    at       BIGINT NOT NULL
);
CREATE INDEX login_failures_username ON login_failures (username, at);
CREATE INDEX login_failures_client ON login_failures (client, at);

-- The audit log: who did what to which submission, when, from which status to which.
-- Append-only: the trigger refuses every update and delete.
CREATE TABLE audit_log (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at            BIGINT NOT NULL,
    actor         TEXT NOT NULL,  -- a secretariat username, or `applicant`
    action        TEXT NOT NULL,  -- decision, resubmit, reveal, export, login, logout
    submission_id TEXT REFERENCES submissions (id),
    from_status   TEXT,
    to_status     TEXT,
    note          TEXT,
    detail        TEXT
);
CREATE INDEX audit_log_submission ON audit_log (submission_id, id);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
