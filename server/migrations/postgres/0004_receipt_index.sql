-- Submissions without the UNIQUE index on receipt_hash (PostgreSQL). Keep in step with
-- ../sqlite/0004_receipt_index.sql.
--
-- A receipt hash is only ever looked up together with its submission's id (the primary key),
-- and it is the SHA-256 of a token with at least 128 random bits, so the index never found a
-- row and could never refuse one: it only cost every new submission a write at a random page
-- of an index as large as the table (BENCHMARKS.md, "the SQLite tail").
ALTER TABLE submissions DROP CONSTRAINT submissions_receipt_hash_key;
