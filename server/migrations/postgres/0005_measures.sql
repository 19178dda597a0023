-- The Measures read right (PostgreSQL; issue 20). Keep in step with ../sqlite/0005_measures.sql,
-- which says what each part is for.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO settings (key, value) VALUES ('cycle_origin', '2026');

ALTER TABLE submissions DROP CONSTRAINT submissions_status_check;
ALTER TABLE submissions ADD CONSTRAINT submissions_status_check
    CHECK (status IN ('submitted', 'under_review', 'site_check', 'publicity', 'approved',
                      'certified', 'rejected', 'returned', 'withdrawn', 'voided',
                      'filed', 'qualified', 'unqualified'));

-- Art. 8: the evaluation cycle (its first year) an application holds.
ALTER TABLE submissions ADD COLUMN eval_cycle BIGINT;
UPDATE submissions SET eval_cycle = 2026 + ((cycle - 2026 + 3000) / 3) * 3 - 3000 WHERE kind = 'application';
CREATE TEMPORARY TABLE art8_later AS
SELECT s.id FROM submissions s
WHERE s.kind = 'application' AND s.status NOT IN ('withdrawn', 'voided', 'rejected')
  AND EXISTS (SELECT 1 FROM submissions e
              WHERE e.kind = 'application' AND e.status NOT IN ('withdrawn', 'voided', 'rejected')
                AND e.unit_uscc = s.unit_uscc AND e.eval_cycle = s.eval_cycle
                AND (e.created_at < s.created_at OR (e.created_at = s.created_at AND e.id < s.id)));
INSERT INTO audit_log (at, actor, action, submission_id, from_status, to_status, note, detail)
SELECT (extract(epoch FROM now()) * 1000)::bigint, 'migration 0005', 'art8', s.id, s.status, s.status, NULL,
       'a later application of the unit in the evaluation cycle ' || s.eval_cycle || ': Art. 8 now refuses it'
FROM submissions s WHERE s.id IN (SELECT id FROM art8_later) ORDER BY s.id;
UPDATE submissions SET eval_cycle = NULL WHERE id IN (SELECT id FROM art8_later);
DROP TABLE art8_later;

DROP INDEX submissions_one_application_per_cycle;
CREATE UNIQUE INDEX submissions_one_application_per_eval_cycle
    ON submissions (unit_uscc, eval_cycle)
    WHERE kind = 'application' AND status NOT IN ('withdrawn', 'voided', 'rejected') AND eval_cycle IS NOT NULL;

-- Art. 14: appointments go to the council without review steps.
INSERT INTO submission_events (submission_id, status, note, at)
SELECT id, 'submitted', NULL, (extract(epoch FROM now()) * 1000)::bigint FROM submissions
WHERE kind = 'director_appointment' AND status IN ('under_review', 'site_check', 'publicity') ORDER BY id;
INSERT INTO audit_log (at, actor, action, submission_id, from_status, to_status, note, detail)
SELECT (extract(epoch FROM now()) * 1000)::bigint, 'migration 0005', 'decision', id, status, 'submitted', NULL,
       'Art. 14: an appointment goes to the council without expert review or publicity'
FROM submissions WHERE kind = 'director_appointment' AND status IN ('under_review', 'site_check', 'publicity') ORDER BY id;
UPDATE submissions SET status = 'submitted'
WHERE kind = 'director_appointment' AND status IN ('under_review', 'site_check', 'publicity');

-- Art. 14: at most one director of a base at a time on record. The base's row is locked
-- first, so concurrent inserts for one base take turns and each sees the one before.
CREATE FUNCTION base_officers_one_director() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.role = 'director' THEN
        PERFORM 1 FROM bases WHERE id = NEW.base_id FOR UPDATE;
        IF EXISTS (SELECT 1 FROM base_officers o
                   WHERE o.base_id = NEW.base_id AND o.role = 'director'
                     AND o.term_start <= NEW.term_end AND NEW.term_start <= o.term_end) THEN
            RAISE EXCEPTION 'art14.one_director: a director of this base is on record for an overlapping term'
                USING ERRCODE = 'exclusion_violation';
        END IF;
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER base_officers_one_director BEFORE INSERT ON base_officers
    FOR EACH ROW EXECUTE FUNCTION base_officers_one_director();

-- Art. 8: a unit's bases certified in a cycle.
CREATE INDEX bases_responsible ON bases (responsible_uscc, certified_on);
