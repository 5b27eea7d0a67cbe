-- 산업단지 현황 파일: a registry file the office uploaded to preview, kept with the other document
-- files by its SHA-256 so that loading it after her review reads the very bytes she previewed,
-- not a file the browser sends again.
CREATE TABLE registry_files (
    sha256 TEXT PRIMARY KEY REFERENCES document_files (sha256),
    name TEXT NOT NULL,
    bytes BIGINT NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL
);
