-- Attachments (SQLite; issue 25, item 3). Keep in step with ../postgres/0011_attachments.sql.
--
-- A file is uploaded first (`POST /api/v1/uploads`): its row is written once its bytes are
-- stored, unbound (`submission_id` NULL) and reachable only by its upload token's hash until
-- `expires_at`; then a submission's (or a resubmission's) transaction binds it, or it is swept.
-- A resubmission that drops an attachment marks it `removed_at`: what was once filed stays.
-- The limits of one file are CHECKs; those of a submission (20 files, 50 MB) a trigger, the
-- last word after the server's own count.

CREATE TABLE attachments (
    id            TEXT PRIMARY KEY,          -- 24 hex digits, not a secret
    submission_id TEXT REFERENCES submissions (id),
    token_hash    TEXT UNIQUE,               -- SHA-256 of the upload token; NULL once bound
    name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    media_type    TEXT NOT NULL CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    size          INTEGER NOT NULL CHECK (size BETWEEN 1 AND 10485760),
    sha256        TEXT NOT NULL CHECK (length(sha256) = 64),
    storage_key   TEXT NOT NULL UNIQUE,      -- the object's key in the store (random)
    position      INTEGER,                   -- its place in the submission's list
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,          -- unbound past it: never bound, swept
    bound_at      INTEGER,
    removed_at    INTEGER,
    CHECK ((submission_id IS NULL) = (bound_at IS NULL)),
    CHECK (submission_id IS NOT NULL OR token_hash IS NOT NULL)
);
CREATE INDEX attachments_submission ON attachments (submission_id, position);
CREATE INDEX attachments_unbound ON attachments (expires_at) WHERE submission_id IS NULL;

CREATE TRIGGER attachments_limits BEFORE UPDATE OF submission_id, removed_at ON attachments
WHEN NEW.submission_id IS NOT NULL AND NEW.removed_at IS NULL
BEGIN
    SELECT RAISE(ABORT, 'input.attachment: more than 20 files or 50 MB for one submission')
    WHERE (SELECT COUNT(*) FROM attachments
           WHERE submission_id = NEW.submission_id AND removed_at IS NULL AND id <> NEW.id) >= 20
       OR (SELECT COALESCE(SUM(size), 0) FROM attachments
           WHERE submission_id = NEW.submission_id AND removed_at IS NULL AND id <> NEW.id) + NEW.size > 52428800;
END;
