-- Chapter 6 (PostgreSQL): annual assessments (Art. 22), three-yearly evaluations (Arts. 23–25)
-- and the registry's life (certification date, revocation). Keep in step with
-- ../sqlite/0003_chapter6.sql: same names, same constraints.

-- The registry: when a base was certified, and when and why it lost its status (Art. 25).
-- Dates are YYYY-MM-DD. Bases registered before this migration count as certified on the day
-- they were entered (Beijing time).
ALTER TABLE bases ADD COLUMN certified_on TEXT;
ALTER TABLE bases ADD COLUMN revoked_on TEXT;
ALTER TABLE bases ADD COLUMN revoked_reason TEXT;
UPDATE bases SET certified_on = to_char(to_timestamp(created_at / 1000.0 + 8 * 3600) AT TIME ZONE 'UTC', 'YYYY-MM-DD');

-- The new kinds and statuses (PostgreSQL alters the CHECKs in place; the names are those
-- SQLite's rebuilt table gives them).
ALTER TABLE submissions DROP CONSTRAINT submissions_kind_check;
ALTER TABLE submissions ADD CONSTRAINT submissions_kind_check
    CHECK (kind IN ('application', 'director_appointment', 'direction_change',
                    'annual_assessment', 'evaluation'));
-- Applications, appointments and direction changes: submitted → under_review → [site_check] →
-- publicity → approved (→ certified: applications). Annual assessments: submitted → filed
-- (备案). Evaluations: submitted → under_review → [site_check] → qualified | unqualified.
-- Returned (for correction), rejected, withdrawn as before.
ALTER TABLE submissions DROP CONSTRAINT submissions_status_check;
ALTER TABLE submissions ADD CONSTRAINT submissions_status_check
    CHECK (status IN ('submitted', 'under_review', 'site_check', 'publicity', 'approved',
                      'certified', 'rejected', 'returned', 'withdrawn',
                      'filed', 'qualified', 'unqualified'));
ALTER TABLE submissions RENAME CONSTRAINT submissions_check TO submissions_application_keys;
ALTER TABLE submissions RENAME CONSTRAINT submissions_check1 TO submissions_base_keys;
ALTER TABLE submissions ADD CONSTRAINT submissions_chapter6_keys
    CHECK (kind NOT IN ('annual_assessment', 'evaluation') OR cycle IS NOT NULL);

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
SELECT base_id, document::jsonb ->> 'role', btrim(document::jsonb -> 'appointee' ->> 'name'),
       document::jsonb ->> 'term_start', document::jsonb ->> 'term_end'
FROM submissions WHERE kind = 'director_appointment' AND status = 'approved'
ORDER BY updated_at, id;
UPDATE bases SET directions = (
    SELECT (s.document::jsonb -> 'requested_directions')::text FROM submissions s
    WHERE s.kind = 'direction_change' AND s.status = 'approved' AND s.base_id = bases.id
    ORDER BY s.updated_at DESC, s.id DESC LIMIT 1)
WHERE EXISTS (SELECT 1 FROM submissions s
              WHERE s.kind = 'direction_change' AND s.status = 'approved' AND s.base_id = bases.id);
INSERT INTO audit_log (at, actor, action, submission_id, from_status, to_status, note, detail)
SELECT (extract(epoch FROM now()) * 1000)::bigint, 'migration 0003', 'registry', id, 'approved', 'approved', NULL,
       'registry change of an approved ' || kind || ' applied: approved is final'
FROM submissions WHERE kind IN ('director_appointment', 'direction_change') AND status = 'approved'
ORDER BY updated_at, id;
