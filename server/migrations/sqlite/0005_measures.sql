-- The Measures read right (SQLite; issue 20). Keep in step with ../postgres/0005_measures.sql.
--
-- 1. Art. 8's 评估周期 is Art. 23's three-year cycle, not the selection year: an application
--    holds its unit's cycle in `eval_cycle` (the cycle's first year), and the unique index is
--    on that. Cycles count from `settings.cycle_origin` (the server's `--cycle-origin`; it
--    refuses to start with another origin once applications are stored). Withdrawn, voided
--    and rejected applications do not hold a cycle.
-- 2. `voided`: an application the secretariat voided (filed without the unit's authority).
-- 3. Director appointments follow Art. 14's own path (submitted → approved by the council):
--    those waiting in a review step go back to `submitted`, with a history line and an audit
--    entry each.
-- 4. No two directors of one base with overlapping terms on record, whatever the order of
--    concurrent approvals (a trigger: SQLite writes one transaction at a time).

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO settings (key, value) VALUES ('cycle_origin', '2026');

-- SQLite cannot alter a CHECK: `submissions` is rebuilt as in 0003 and 0004 (see 0003 for why
-- the foreign keys are deferred and the table is made again under its own name).
CREATE TABLE submissions_0004 AS SELECT * FROM submissions;
PRAGMA defer_foreign_keys = ON;
DROP TABLE submissions;

CREATE TABLE submissions (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL
        CONSTRAINT submissions_kind_check
        CHECK (kind IN ('application', 'director_appointment', 'direction_change',
                        'annual_assessment', 'evaluation')),
    -- review.rs has each kind's workflow; `voided`: applications only, by the secretariat.
    status          TEXT NOT NULL DEFAULT 'submitted'
        CONSTRAINT submissions_status_check
        CHECK (status IN ('submitted', 'under_review', 'site_check', 'publicity', 'approved',
                          'certified', 'rejected', 'returned', 'withdrawn', 'voided',
                          'filed', 'qualified', 'unqualified')),
    document        TEXT NOT NULL, -- the submitted JSON document
    report          TEXT NOT NULL, -- the server's report (JSON) at acceptance
    ruleset_version TEXT NOT NULL,
    content_hash    TEXT NOT NULL, -- SHA-256 (hex) of the canonical document
    receipt_hash    TEXT NOT NULL, -- SHA-256 (hex) of the receipt token; looked up only with the id
    unit_uscc       TEXT,          -- the responsible unit (normalised)
    cycle           INTEGER,       -- application: the selection year; annual assessment: the year; evaluation: period.from_year
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
    CONSTRAINT submissions_chapter6_keys CHECK (kind NOT IN ('annual_assessment', 'evaluation') OR cycle IS NOT NULL)
);
INSERT INTO submissions
    (id, kind, status, document, report, ruleset_version, content_hash, receipt_hash, unit_uscc, cycle,
     base_id, created_at, updated_at, unit_name, unit_kind, directions, has_warnings, priority, eval_cycle)
SELECT id, kind, status, document, report, ruleset_version, content_hash, receipt_hash, unit_uscc, cycle,
       base_id, created_at, updated_at, unit_name, unit_kind, directions, has_warnings, priority,
       -- the cycle from 2026 holding the selection year (floor division for years from 1026)
       CASE WHEN kind = 'application' THEN 2026 + ((cycle - 2026 + 3000) / 3) * 3 - 3000 END
FROM submissions_0004;
DROP TABLE submissions_0004;

-- An application that came after another of its unit in the same three-year cycle (allowed by
-- the one-year reading) holds no cycle: it stays for the secretariat, whose re-check shows
-- Art. 8 on it, and every decision moving it on is refused; the earliest keeps the cycle.
CREATE TABLE art8_later AS
SELECT s.id FROM submissions s
WHERE s.kind = 'application' AND s.status NOT IN ('withdrawn', 'voided', 'rejected')
  AND EXISTS (SELECT 1 FROM submissions e
              WHERE e.kind = 'application' AND e.status NOT IN ('withdrawn', 'voided', 'rejected')
                AND e.unit_uscc = s.unit_uscc AND e.eval_cycle = s.eval_cycle
                AND (e.created_at < s.created_at OR (e.created_at = s.created_at AND e.id < s.id)));
UPDATE submissions SET eval_cycle = NULL WHERE id IN (SELECT id FROM art8_later);
INSERT INTO audit_log (at, actor, action, submission_id, from_status, to_status, note, detail)
SELECT CAST(strftime('%s', 'now') AS INTEGER) * 1000, 'migration 0005', 'art8', s.id, s.status, s.status, NULL,
       'a later application of the unit in the evaluation cycle ' || s.eval_cycle_text || ': Art. 8 now refuses it'
FROM (SELECT x.id, x.status, CAST(2026 + ((x.cycle - 2026 + 3000) / 3) * 3 - 3000 AS TEXT) AS eval_cycle_text
      FROM submissions x WHERE x.id IN (SELECT id FROM art8_later)) s ORDER BY s.id;
DROP TABLE art8_later;

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

-- Art. 14: 报常务理事会审议 — an appointment waits for the council, with no expert review and
-- no publicity. Those in such a step go back to `submitted`.
INSERT INTO submission_events (submission_id, status, note, at)
SELECT id, 'submitted', NULL, CAST(strftime('%s', 'now') AS INTEGER) * 1000 FROM submissions
WHERE kind = 'director_appointment' AND status IN ('under_review', 'site_check', 'publicity') ORDER BY id;
INSERT INTO audit_log (at, actor, action, submission_id, from_status, to_status, note, detail)
SELECT CAST(strftime('%s', 'now') AS INTEGER) * 1000, 'migration 0005', 'decision', id, status, 'submitted', NULL,
       'Art. 14: an appointment goes to the council without expert review or publicity'
FROM submissions WHERE kind = 'director_appointment' AND status IN ('under_review', 'site_check', 'publicity') ORDER BY id;
UPDATE submissions SET status = 'submitted'
WHERE kind = 'director_appointment' AND status IN ('under_review', 'site_check', 'publicity');

-- Art. 14: at most one director of a base at a time on record.
CREATE TRIGGER base_officers_one_director BEFORE INSERT ON base_officers
WHEN NEW.role = 'director' AND EXISTS (
    SELECT 1 FROM base_officers o
    WHERE o.base_id = NEW.base_id AND o.role = 'director'
      AND o.term_start <= NEW.term_end AND NEW.term_start <= o.term_end)
BEGIN
    SELECT RAISE(ABORT, 'art14.one_director: a director of this base is on record for an overlapping term');
END;

-- Art. 8: a unit's bases certified in a cycle.
CREATE INDEX bases_responsible ON bases (responsible_uscc, certified_on);
