-- 공모 운영: the call settings of rounds opened in Sandan, holidays the office adds, and each
-- province's innovation plan as a draft, its submitted versions and the consulting around them.
-- Documents are JSON in `doc`, as in 0001; times shown to people are RFC 3339 text, Korean
-- wall-clock deadlines are "YYYY-MM-DD HH:MM" (KST).
CREATE TABLE calls (
    year BIGINT PRIMARY KEY,
    doc TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE added_holidays (
    day TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL
);

-- The working draft; `version` goes up by one on every save, so a save based on an older
-- version is refused instead of overwriting someone else's work.
CREATE TABLE proposals (
    round BIGINT NOT NULL,
    region TEXT NOT NULL,
    doc TEXT NOT NULL,
    version BIGINT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (round, region)
);

-- Submitted versions are never changed.
CREATE TABLE proposal_versions (
    round BIGINT NOT NULL,
    region TEXT NOT NULL,
    number BIGINT NOT NULL,
    doc TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    submitted_by TEXT NOT NULL,
    PRIMARY KEY (round, region, number),
    FOREIGN KEY (round, region) REFERENCES proposals (round, region)
);

CREATE TABLE consulting_comments (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    round BIGINT NOT NULL,
    region TEXT NOT NULL,
    version BIGINT NOT NULL,
    section TEXT NOT NULL,
    body TEXT NOT NULL,
    author TEXT NOT NULL,
    at TEXT NOT NULL,
    answer TEXT,
    answered_by TEXT,
    answered_at TEXT,
    FOREIGN KEY (round, region, version) REFERENCES proposal_versions (round, region, number)
);
CREATE INDEX consulting_comments_by_plan ON consulting_comments (round, region);

-- A revision request stays open until the province submits a new version.
CREATE TABLE revision_requests (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    round BIGINT NOT NULL,
    region TEXT NOT NULL,
    version BIGINT NOT NULL,
    due TEXT NOT NULL,
    note TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    answered_by_version BIGINT,
    FOREIGN KEY (round, region, version) REFERENCES proposal_versions (round, region, number)
);
CREATE INDEX revision_requests_by_plan ON revision_requests (round, region);

-- Submissions reopened after the deadline; region NULL reopens them for every province.
CREATE TABLE reopenings (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    round BIGINT NOT NULL,
    region TEXT,
    until TEXT NOT NULL,
    reason TEXT NOT NULL,
    by_login TEXT NOT NULL,
    at TEXT NOT NULL
);

-- A complex's figures by year (생산액, 고용, …), for the feasibility panel.
CREATE TABLE complex_statistics (
    complex_id TEXT NOT NULL,
    year BIGINT NOT NULL,
    metric TEXT NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (complex_id, year, metric)
);
