-- Art. 16's training plans (SQLite; issue 24). Keep in step with ../postgres/0009_training_plan.sql.
--
-- A new form kind, `training_plan`, and its workflow's own step, `working_group` (由联盟组织相关
-- 工作组讨论); a base has at most one approved plan a year. SQLite cannot alter a CHECK:
-- `submissions` is rebuilt as in 0005 (see 0003 for why the foreign keys are deferred).

CREATE TABLE submissions_0009 AS SELECT * FROM submissions;
PRAGMA defer_foreign_keys = ON;
DROP TABLE submissions;

CREATE TABLE submissions (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL
        CONSTRAINT submissions_kind_check
        CHECK (kind IN ('application', 'director_appointment', 'direction_change',
                        'annual_assessment', 'evaluation', 'training_plan')),
    -- review.rs has each kind's workflow; `voided`: applications only, by the secretariat.
    status          TEXT NOT NULL DEFAULT 'submitted'
        CONSTRAINT submissions_status_check
        CHECK (status IN ('submitted', 'under_review', 'site_check', 'publicity', 'approved',
                          'certified', 'rejected', 'returned', 'withdrawn', 'voided',
                          'filed', 'qualified', 'unqualified', 'working_group')),
    document        TEXT NOT NULL, -- the submitted JSON document
    report          TEXT NOT NULL, -- the server's report (JSON) at acceptance
    ruleset_version TEXT NOT NULL,
    content_hash    TEXT NOT NULL, -- SHA-256 (hex) of the canonical document
    receipt_hash    TEXT NOT NULL, -- SHA-256 (hex) of the receipt token; looked up only with the id
    unit_uscc       TEXT,          -- the responsible unit (normalised)
    cycle           INTEGER,       -- application: the selection year; annual assessment, training plan: the year; evaluation: period.from_year
    base_id         TEXT REFERENCES bases (id), -- every kind but the application (until certified)
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    unit_name       TEXT,
    unit_kind       TEXT,
    directions      TEXT,
    has_warnings    INTEGER NOT NULL DEFAULT 0 CHECK (has_warnings IN (0, 1)),
    priority        INTEGER NOT NULL DEFAULT 0 CHECK (priority IN (0, 1)),
    eval_cycle      INTEGER,       -- application: the first year of the evaluation cycle it holds (Art. 8)
    CONSTRAINT submissions_application_keys CHECK (kind <> 'application' OR (unit_uscc IS NOT NULL AND cycle IS NOT NULL)),
    CONSTRAINT submissions_base_keys CHECK (kind = 'application' OR base_id IS NOT NULL),
    CONSTRAINT submissions_chapter6_keys CHECK (kind NOT IN ('annual_assessment', 'evaluation', 'training_plan') OR cycle IS NOT NULL)
);
INSERT INTO submissions
    (id, kind, status, document, report, ruleset_version, content_hash, receipt_hash, unit_uscc, cycle,
     base_id, created_at, updated_at, unit_name, unit_kind, directions, has_warnings, priority, eval_cycle)
SELECT id, kind, status, document, report, ruleset_version, content_hash, receipt_hash, unit_uscc, cycle,
       base_id, created_at, updated_at, unit_name, unit_kind, directions, has_warnings, priority, eval_cycle
FROM submissions_0009;
DROP TABLE submissions_0009;

-- Art. 8: one pending or successful application per unit per evaluation cycle.
CREATE UNIQUE INDEX submissions_one_application_per_eval_cycle
    ON submissions (unit_uscc, eval_cycle)
    WHERE kind = 'application' AND status NOT IN ('withdrawn', 'voided', 'rejected') AND eval_cycle IS NOT NULL;
CREATE UNIQUE INDEX submissions_one_pending_direction_change
    ON submissions (base_id)
    WHERE kind = 'direction_change'
      AND status IN ('submitted', 'under_review', 'site_check', 'publicity');
CREATE INDEX submissions_kind_status ON submissions (kind, status, created_at);
CREATE INDEX submissions_created ON submissions (created_at);
CREATE UNIQUE INDEX submissions_one_annual_per_year
    ON submissions (base_id, cycle)
    WHERE kind = 'annual_assessment' AND status NOT IN ('withdrawn', 'returned');
CREATE UNIQUE INDEX submissions_one_evaluation_per_period
    ON submissions (base_id, cycle)
    WHERE kind = 'evaluation' AND status NOT IN ('withdrawn', 'returned');
CREATE INDEX submissions_base ON submissions (base_id, kind, cycle);

-- Art. 16: one approved training plan a base a year.
CREATE UNIQUE INDEX submissions_one_approved_plan_per_year
    ON submissions (base_id, cycle)
    WHERE kind = 'training_plan' AND status = 'approved';
