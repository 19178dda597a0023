-- Submissions without the UNIQUE index on receipt_hash (SQLite). Keep in step with
-- ../postgres/0004_receipt_index.sql.
--
-- A receipt hash is only ever looked up together with its submission's id (the primary key),
-- and it is the SHA-256 of a token with at least 128 random bits, so the index never found a
-- row and could never refuse one: it only cost every new submission a write at a random page
-- of an index as large as the table (BENCHMARKS.md, "the SQLite tail").
--
-- SQLite cannot drop a column's UNIQUE: `submissions` is rebuilt as in 0003 (see there why the
-- foreign keys are deferred and why the table is made again under its own name), with the same
-- columns, constraints and indexes, and its rows copied back.
CREATE TABLE submissions_0003 AS SELECT * FROM submissions;
PRAGMA defer_foreign_keys = ON;
DROP TABLE submissions;

CREATE TABLE submissions (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL
        CONSTRAINT submissions_kind_check
        CHECK (kind IN ('application', 'director_appointment', 'direction_change',
                        'annual_assessment', 'evaluation')),
    -- Applications, appointments and direction changes: submitted → under_review →
    -- [site_check] → publicity → approved (→ certified: applications). Annual assessments:
    -- submitted → filed (备案). Evaluations: submitted → under_review → [site_check] →
    -- qualified | unqualified. Returned (for correction), rejected, withdrawn as before.
    status          TEXT NOT NULL DEFAULT 'submitted'
        CONSTRAINT submissions_status_check
        CHECK (status IN ('submitted', 'under_review', 'site_check', 'publicity', 'approved',
                          'certified', 'rejected', 'returned', 'withdrawn',
                          'filed', 'qualified', 'unqualified')),
    document        TEXT NOT NULL, -- the submitted JSON document
    report          TEXT NOT NULL, -- the server's report (JSON) at acceptance
    ruleset_version TEXT NOT NULL,
    content_hash    TEXT NOT NULL, -- SHA-256 (hex) of the canonical document
    receipt_hash    TEXT NOT NULL, -- SHA-256 (hex) of the receipt token; looked up only with the id
    unit_uscc       TEXT,          -- the responsible unit (normalised)
    cycle           INTEGER,       -- application: the cycle; annual assessment: the year; evaluation: period.from_year
    base_id         TEXT REFERENCES bases (id), -- every kind but the application (until certified)
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    unit_name       TEXT,
    unit_kind       TEXT,
    directions      TEXT,
    has_warnings    INTEGER NOT NULL DEFAULT 0 CHECK (has_warnings IN (0, 1)),
    priority        INTEGER NOT NULL DEFAULT 0 CHECK (priority IN (0, 1)),
    CONSTRAINT submissions_application_keys CHECK (kind <> 'application' OR (unit_uscc IS NOT NULL AND cycle IS NOT NULL)),
    CONSTRAINT submissions_base_keys CHECK (kind = 'application' OR base_id IS NOT NULL),
    CONSTRAINT submissions_chapter6_keys CHECK (kind NOT IN ('annual_assessment', 'evaluation') OR cycle IS NOT NULL)
);
INSERT INTO submissions
    (id, kind, status, document, report, ruleset_version, content_hash, receipt_hash, unit_uscc, cycle,
     base_id, created_at, updated_at, unit_name, unit_kind, directions, has_warnings, priority)
SELECT id, kind, status, document, report, ruleset_version, content_hash, receipt_hash, unit_uscc, cycle,
       base_id, created_at, updated_at, unit_name, unit_kind, directions, has_warnings, priority
FROM submissions_0003;
DROP TABLE submissions_0003;

CREATE UNIQUE INDEX submissions_one_application_per_cycle
    ON submissions (unit_uscc, cycle)
    WHERE kind = 'application' AND status <> 'withdrawn';
CREATE UNIQUE INDEX submissions_one_pending_direction_change
    ON submissions (base_id)
    WHERE kind = 'direction_change'
      AND status IN ('submitted', 'under_review', 'site_check', 'publicity');
CREATE INDEX submissions_kind_status ON submissions (kind, status, created_at);
CREATE INDEX submissions_created ON submissions (created_at);
-- Art. 22: one annual assessment on file per base per year, whatever the concurrency
-- (a returned one may be corrected and resubmitted, and is then checked again).
CREATE UNIQUE INDEX submissions_one_annual_per_year
    ON submissions (base_id, cycle)
    WHERE kind = 'annual_assessment' AND status NOT IN ('withdrawn', 'returned');
-- Art. 23: one live evaluation per base per period (by its first year).
CREATE UNIQUE INDEX submissions_one_evaluation_per_period
    ON submissions (base_id, cycle)
    WHERE kind = 'evaluation' AND status NOT IN ('withdrawn', 'returned');
-- The registry's filings and evaluations of a base.
CREATE INDEX submissions_base ON submissions (base_id, kind, cycle);
