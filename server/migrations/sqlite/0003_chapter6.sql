-- Chapter 6 (SQLite): annual assessments (Art. 22), three-yearly evaluations (Arts. 23–25) and
-- the registry's life (certification date, revocation). Keep in step with
-- ../postgres/0003_chapter6.sql: same names, same constraints.

-- The registry: when a base was certified, and when and why it lost its status (Art. 25).
-- Dates are YYYY-MM-DD. Bases registered before this migration count as certified on the day
-- they were entered (Beijing time).
ALTER TABLE bases ADD COLUMN certified_on TEXT;
ALTER TABLE bases ADD COLUMN revoked_on TEXT;
ALTER TABLE bases ADD COLUMN revoked_reason TEXT;
UPDATE bases SET certified_on = date(created_at / 1000 + 8 * 3600, 'unixepoch');

-- SQLite cannot alter a CHECK: `submissions` is rebuilt with the new kinds and statuses, in
-- the migration's one transaction (its bookkeeping row included), foreign keys on throughout.
-- Its rows are copied aside; with the foreign keys deferred to the commit, the table is dropped
-- (which orphans the rows of submission_events, idempotency_keys and audit_log for a moment),
-- made again under its own name (so those tables' REFERENCES submissions (id) point at it; no
-- rename, which would rewrite them) and refilled: by the commit every row has its submission
-- again, or the commit fails and nothing changed. Its indexes go with it and are made again.
CREATE TABLE submissions_0002 AS SELECT * FROM submissions;
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
    receipt_hash    TEXT NOT NULL UNIQUE, -- SHA-256 (hex) of the receipt token
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
FROM submissions_0002;
DROP TABLE submissions_0002;

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

-- Appointments and direction changes approved under 0002's workflow were waiting for a
-- `certified` step they no longer have: `approved` is now final for them and is when the
-- registry changes (RULES.md). Their registry change is made here, with an audit entry each.
INSERT INTO base_officers (base_id, role, name, term_start, term_end)
SELECT base_id, json_extract(document, '$.role'), trim(json_extract(document, '$.appointee.name')),
       json_extract(document, '$.term_start'), json_extract(document, '$.term_end')
FROM submissions WHERE kind = 'director_appointment' AND status = 'approved'
ORDER BY updated_at, id;
UPDATE bases SET directions = (
    SELECT json(json_extract(s.document, '$.requested_directions')) FROM submissions s
    WHERE s.kind = 'direction_change' AND s.status = 'approved' AND s.base_id = bases.id
    ORDER BY s.updated_at DESC, s.id DESC LIMIT 1)
WHERE EXISTS (SELECT 1 FROM submissions s
              WHERE s.kind = 'direction_change' AND s.status = 'approved' AND s.base_id = bases.id);
INSERT INTO audit_log (at, actor, action, submission_id, from_status, to_status, note, detail)
SELECT CAST(strftime('%s', 'now') AS INTEGER) * 1000, 'migration 0003', 'registry', id, 'approved', 'approved', NULL,
       'registry change of an approved ' || kind || ' applied: approved is final'
FROM submissions WHERE kind IN ('director_appointment', 'direction_change') AND status = 'approved'
ORDER BY updated_at, id;
