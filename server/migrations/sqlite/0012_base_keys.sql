-- The base's own page (SQLite; /base/{id}#key): one capability key per base, stored only as
-- its hash (SHA-256 under its own domain, server/src/base_page.rs), replaced by the
-- secretariat (the old key then opens nothing). Keep in step with ../postgres/0012_base_keys.sql.
--
-- The key is made at certification, in the decision's transaction, before the base row is
-- written (the decision's registry change comes after the procedure's records): its base is
-- checked at commit, as a certificate's is.
CREATE TABLE base_keys (
    base_id    TEXT PRIMARY KEY REFERENCES bases (id) DEFERRABLE INITIALLY DEFERRED,
    key_hash   TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL   -- who made it: the certifying secretary, or who replaced it
);
