-- The council, the certificate, revocation and published results (PostgreSQL; PROCEDURE.md,
-- Arts. 11, 12, 24, 25). Keep in step with ../sqlite/0008_council.sql.

-- Art. 12: every approval records the standing council's session and resolution; Art. 11: at
-- an application's approval, the directions decided (JSON array; NULL for other kinds). One
-- row per submission: a submission returned and approved again keeps its latest approval.
CREATE TABLE council_decisions (
    submission_id TEXT PRIMARY KEY REFERENCES submissions (id),
    council_date  TEXT NOT NULL,   -- YYYY-MM-DD, not after the day of the decision
    resolution    TEXT NOT NULL,   -- the resolution's number, 1-60 characters
    directions    TEXT,            -- application: JSON array of 1-3 catalogue codes
    decided_by    TEXT NOT NULL,
    decided_at    BIGINT NOT NULL
);

-- Art. 12: the certificate (证牌) of a certified base, numbered AII-TB-{year}-{NNN} in the
-- order of certification within the year. The base row is written later in the same
-- transaction as the certificate (the decision's registry change): its key is checked at commit.
CREATE TABLE certificates (
    number        TEXT PRIMARY KEY,
    year          BIGINT NOT NULL,
    seq           BIGINT NOT NULL CHECK (seq >= 1),
    base_id       TEXT NOT NULL UNIQUE REFERENCES bases (id) DEFERRABLE INITIALLY DEFERRED,
    submission_id TEXT NOT NULL UNIQUE REFERENCES submissions (id),
    issued_on     TEXT NOT NULL,   -- YYYY-MM-DD
    name          TEXT NOT NULL,   -- the Art. 12 full name
    unit          TEXT NOT NULL,   -- the responsible unit
    directions    TEXT NOT NULL,   -- JSON array of the decided directions
    UNIQUE (year, seq)
);

-- Arts. 24, 25: every evaluation result, published; a direct revocation from the registry
-- (grounds (2) or (4) of Art. 24) has no submission.
CREATE TABLE evaluation_results (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    base_id       TEXT NOT NULL REFERENCES bases (id),
    submission_id TEXT UNIQUE REFERENCES submissions (id),
    result        TEXT NOT NULL CHECK (result IN ('qualified', 'unqualified', 'revoked')),
    grounds       TEXT NOT NULL DEFAULT '', -- Art. 24's grounds, `1,3`; empty for qualified
    note          TEXT NOT NULL,
    from_year     BIGINT,
    to_year       BIGINT,
    decided_on    TEXT NOT NULL,            -- YYYY-MM-DD
    decided_by    TEXT NOT NULL,
    decided_at    BIGINT NOT NULL,
    CHECK (result = 'qualified' OR grounds <> '')
);
CREATE INDEX evaluation_results_base ON evaluation_results (base_id, id);
