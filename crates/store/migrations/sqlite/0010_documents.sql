-- 제출 문서: files kept once by their SHA-256, in the database (a deployment's backup then holds
-- them too). A draft's documents are frozen with each numbered version.
CREATE TABLE document_files (
    sha256 TEXT PRIMARY KEY,
    bytes INTEGER NOT NULL,
    content BLOB NOT NULL
);

CREATE TABLE draft_documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    round INTEGER NOT NULL,
    region TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    file_type TEXT NOT NULL,
    sha256 TEXT NOT NULL REFERENCES document_files (sha256),
    bytes INTEGER NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL
);
CREATE INDEX draft_documents_by_plan ON draft_documents (round, region);

-- Never changed once written, like proposal_versions.
CREATE TABLE version_documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    round INTEGER NOT NULL,
    region TEXT NOT NULL,
    number INTEGER NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    file_type TEXT NOT NULL,
    sha256 TEXT NOT NULL REFERENCES document_files (sha256),
    bytes INTEGER NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL,
    FOREIGN KEY (round, region, number) REFERENCES proposal_versions (round, region, number)
);
CREATE INDEX version_documents_by_version ON version_documents (round, region, number);
