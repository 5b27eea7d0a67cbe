-- The version the page cache keys on: the audit sequence number of the last change an anonymous
-- reader could see. A draft saved, a score sheet saved, a sign-in and the like leave it alone,
-- so the public pages stay drawn while the provinces and the panel work in the deadline week.
ALTER TABLE audit_head ADD COLUMN public_seq BIGINT NOT NULL DEFAULT 0;
UPDATE audit_head SET public_seq = seq;
