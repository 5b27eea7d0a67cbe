-- The program's record as published: one row per entity, its full value as JSON in `doc`,
-- and the columns the pages look things up by. `position` keeps the record's own order.
CREATE TABLE sources (
    id TEXT PRIMARY KEY,
    position BIGINT NOT NULL,
    doc TEXT NOT NULL
);

CREATE TABLE complexes (
    id TEXT PRIMARY KEY,
    region TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    position BIGINT NOT NULL,
    doc TEXT NOT NULL
);

CREATE TABLE rounds (
    year BIGINT PRIMARY KEY,
    position BIGINT NOT NULL,
    doc TEXT NOT NULL
);

CREATE TABLE plans (
    round BIGINT NOT NULL REFERENCES rounds (year),
    region TEXT NOT NULL,
    position BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    doc TEXT NOT NULL,
    PRIMARY KEY (round, region)
);

-- Which complex plays which part in which plan: answers "this complex's roles in plans".
CREATE TABLE plan_sites (
    round BIGINT NOT NULL,
    region TEXT NOT NULL,
    complex_id TEXT NOT NULL REFERENCES complexes (id),
    role TEXT NOT NULL,
    position BIGINT NOT NULL,
    PRIMARY KEY (round, region, position),
    FOREIGN KEY (round, region) REFERENCES plans (round, region)
);
CREATE INDEX plan_sites_by_complex ON plan_sites (complex_id);

CREATE TABLE meetings (
    position BIGINT PRIMARY KEY,
    date TEXT NOT NULL,
    doc TEXT NOT NULL
);

CREATE TABLE designations (
    position BIGINT PRIMARY KEY,
    kind TEXT NOT NULL,
    date TEXT NOT NULL,
    round BIGINT,
    region TEXT,
    complex_id TEXT REFERENCES complexes (id),
    doc TEXT NOT NULL
);
CREATE INDEX designations_by_complex ON designations (complex_id);

CREATE TABLE targets (
    position BIGINT PRIMARY KEY,
    doc TEXT NOT NULL
);

-- Facts about the record as a whole (e.g. whether it is synthetic demo data).
CREATE TABLE record_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Every change: who, when, from where, what, and the state before and after. The entries
-- form a hash chain: `hash` is SHA-256 of `prev_hash` followed by the entry's content, and
-- `prev_hash` is the hash of the entry at `seq - 1` (64 zeros for the first). Editing or
-- deleting an entry afterwards breaks the chain, and `sandan audit verify` says where.
CREATE TABLE audit_log (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    seq BIGINT NOT NULL UNIQUE,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    source TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    before TEXT,
    after TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);

-- The end of the chain: the last entry's seq and hash. Every writer updates this one row
-- first, which serialises writers (so the chain cannot fork) and lets a deleted last entry
-- be noticed.
CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
