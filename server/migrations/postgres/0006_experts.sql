-- Experts (PostgreSQL; PROCEDURE.md "People", "Expert review", "Site check"). Keep in step with
-- ../sqlite/0006_experts.sql.
--
-- 1. An account has a role: `secretariat` (the review desk) or `expert` (its assigned
--    submissions only), and an expert its profile: name, title, employer and the employer's
--    USCC (normalised, checked with GB 32100 by the server), for Art. 11's conflict rule.
-- 2. `assignments`: which expert reviews which submission (one row per pair).
-- 3. `conflict_declarations`: an expert's own declaration that it must stand aside.
-- 4. `opinions`: every version of every expert's opinion is kept (a new row per filing).
-- 5. `site_checks`: the site check (现场核查) of a submission, as recorded.

ALTER TABLE admin_users ADD COLUMN role TEXT NOT NULL DEFAULT 'secretariat'
    CHECK (role IN ('secretariat', 'expert'));
ALTER TABLE admin_users ADD COLUMN expert_name TEXT;
ALTER TABLE admin_users ADD COLUMN expert_title TEXT;
ALTER TABLE admin_users ADD COLUMN employer TEXT;
ALTER TABLE admin_users ADD COLUMN employer_uscc TEXT;

CREATE TABLE assignments (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id TEXT NOT NULL REFERENCES submissions (id),
    expert_id     BIGINT NOT NULL REFERENCES admin_users (id),
    assigned_by   TEXT NOT NULL,
    at            BIGINT NOT NULL,
    UNIQUE (submission_id, expert_id)
);
CREATE INDEX assignments_expert ON assignments (expert_id);

CREATE TABLE conflict_declarations (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    expert_id     BIGINT NOT NULL REFERENCES admin_users (id),
    submission_id TEXT NOT NULL REFERENCES submissions (id),
    note          TEXT NOT NULL,
    at            BIGINT NOT NULL,
    UNIQUE (expert_id, submission_id)
);

CREATE TABLE opinions (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id  TEXT NOT NULL REFERENCES submissions (id),
    expert_id      BIGINT NOT NULL REFERENCES admin_users (id),
    version        BIGINT NOT NULL CHECK (version >= 1),
    scores         TEXT NOT NULL, -- JSON object: criterion code → whole score 0–10
    recommendation TEXT NOT NULL
        CHECK (recommendation IN ('recommend', 'recommend_with_changes', 'not_recommend')),
    text           TEXT NOT NULL,
    defence_date   TEXT NOT NULL, -- YYYY-MM-DD
    filed_at       BIGINT NOT NULL,
    UNIQUE (submission_id, expert_id, version)
);

CREATE TABLE site_checks (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id TEXT NOT NULL REFERENCES submissions (id),
    check_date    TEXT NOT NULL, -- YYYY-MM-DD
    inspectors    TEXT NOT NULL,
    findings      TEXT NOT NULL,
    conclusion    TEXT NOT NULL CHECK (conclusion IN ('confirmed', 'discrepancies')),
    recorded_by   TEXT NOT NULL,
    at            BIGINT NOT NULL
);
CREATE INDEX site_checks_submission ON site_checks (submission_id);
