-- 애로사항: a report by a firm or a local government about a complex. The filer's identity and
-- contacts are read only by the handling body and the program office (each reading audited),
-- and destroyed once the retention period after the answer has passed (personal_data_purged_on).
-- A filer without an account follows it with the receipt number and a password kept as an
-- argon2id hash. `source` is the filing address, counted for the per-address limit. The
-- complex is checked at commit, so that replacing the record (which deletes and reinserts the
-- complexes in one transaction) keeps every report that names a complex it still has.
CREATE TABLE grievances (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    receipt TEXT UNIQUE,
    complex_id TEXT NOT NULL REFERENCES complexes (id) DEFERRABLE INITIALLY DEFERRED,
    category TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    filer_name TEXT NOT NULL,
    filer_organisation TEXT NOT NULL,
    business_number TEXT,
    phone TEXT,
    email TEXT,
    filer_user INTEGER REFERENCES users (id),
    password_hash TEXT,
    wants_public INTEGER NOT NULL,
    handler TEXT NOT NULL,
    status TEXT NOT NULL,
    received_on TEXT NOT NULL,
    received_at TEXT NOT NULL,
    due TEXT NOT NULL,
    extended INTEGER NOT NULL DEFAULT 0,
    answer TEXT,
    answered_on TEXT,
    answered_by TEXT,
    rating INTEGER,
    public_title TEXT,
    public_body TEXT,
    public_answer TEXT,
    personal_data_purged_on TEXT,
    source TEXT NOT NULL,
    filed_unix INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX grievances_by_handler ON grievances (handler, status);
CREATE INDEX grievances_by_complex ON grievances (complex_id);
CREATE INDEX grievances_by_source ON grievances (source, filed_unix);
CREATE INDEX grievances_by_filer ON grievances (filer_user);

-- 처리 경과: every step, with the body and status it left the report in, so a report moved
-- between bodies keeps one history.
CREATE TABLE grievance_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    grievance INTEGER NOT NULL REFERENCES grievances (id),
    at TEXT NOT NULL,
    by_login TEXT NOT NULL,
    step TEXT NOT NULL,
    handler TEXT NOT NULL,
    status TEXT NOT NULL,
    due TEXT NOT NULL,
    note TEXT
);
CREATE INDEX grievance_events_by_grievance ON grievance_events (grievance);

-- 처리기한: business days per category, where the office changed the default.
CREATE TABLE grievance_deadlines (
    category TEXT PRIMARY KEY,
    days INTEGER NOT NULL,
    set_by TEXT NOT NULL,
    set_at TEXT NOT NULL
);

-- A filer's following of her report after the receipt number and password matched: a
-- browser cookie's token, only its SHA-256 kept, for an hour.
CREATE TABLE grievance_follows (
    token_hash TEXT PRIMARY KEY,
    grievance INTEGER NOT NULL REFERENCES grievances (id),
    expires_at INTEGER NOT NULL
);
CREATE INDEX grievance_follows_by_grievance ON grievance_follows (grievance);

-- 현장 소통: site visits, 간담회 and consulting sessions about a complex, with the organisations
-- present (JSON: [{"organisation", "people"}]) and the issues raised; the reports filed from
-- them are linked one by one.
CREATE TABLE field_visits (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    day TEXT NOT NULL,
    complex_id TEXT NOT NULL REFERENCES complexes (id) DEFERRABLE INITIALLY DEFERRED,
    participants TEXT NOT NULL,
    issues TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX field_visits_by_complex ON field_visits (complex_id);

CREATE TABLE field_visit_reports (
    visit INTEGER NOT NULL REFERENCES field_visits (id),
    grievance INTEGER NOT NULL REFERENCES grievances (id),
    PRIMARY KEY (visit, grievance)
);
CREATE INDEX field_visit_reports_by_grievance ON field_visit_reports (grievance);
