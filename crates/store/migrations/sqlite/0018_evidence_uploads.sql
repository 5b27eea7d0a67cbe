-- 증빙 파일 올리기 (#22): an evidence file uploaded to a plan's results on its own, before
-- the measurements that cite it (the API's bulk measurements name their files by digest). A
-- measurement may cite only a file uploaded to its own plan; the file keeps the name it was
-- uploaded under. The bytes stay in evidence_files, once per digest.
CREATE TABLE evidence_uploads (
    round INTEGER NOT NULL,
    region TEXT NOT NULL,
    sha256 TEXT NOT NULL REFERENCES evidence_files (sha256),
    name TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL,
    PRIMARY KEY (round, region, sha256)
);
