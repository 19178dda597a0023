-- Art. 16's training plans (PostgreSQL; issue 24). Keep in step with ../sqlite/0009_training_plan.sql,
-- which says what each part is for.

ALTER TABLE submissions DROP CONSTRAINT submissions_kind_check;
ALTER TABLE submissions ADD CONSTRAINT submissions_kind_check
    CHECK (kind IN ('application', 'director_appointment', 'direction_change',
                    'annual_assessment', 'evaluation', 'training_plan'));
ALTER TABLE submissions DROP CONSTRAINT submissions_status_check;
ALTER TABLE submissions ADD CONSTRAINT submissions_status_check
    CHECK (status IN ('submitted', 'under_review', 'site_check', 'publicity', 'approved',
                      'certified', 'rejected', 'returned', 'withdrawn', 'voided',
                      'filed', 'qualified', 'unqualified', 'working_group'));
ALTER TABLE submissions DROP CONSTRAINT submissions_chapter6_keys;
ALTER TABLE submissions ADD CONSTRAINT submissions_chapter6_keys
    CHECK (kind NOT IN ('annual_assessment', 'evaluation', 'training_plan') OR cycle IS NOT NULL);

-- Art. 16: one approved training plan a base a year.
CREATE UNIQUE INDEX submissions_one_approved_plan_per_year
    ON submissions (base_id, cycle)
    WHERE kind = 'training_plan' AND status = 'approved';
