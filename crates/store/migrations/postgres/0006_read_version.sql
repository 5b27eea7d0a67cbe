-- The version the read cache keys on: the audit sequence number of the last change that can
-- alter a cached read model (the record, packages, results, programs). Drafts, sign-ins,
-- evaluation sheets and the like leave it alone, so the national roll-up stays cached while the
-- provinces save their plans in the deadline week.
ALTER TABLE audit_head ADD COLUMN read_seq BIGINT NOT NULL DEFAULT 0;
UPDATE audit_head SET read_seq = seq;
