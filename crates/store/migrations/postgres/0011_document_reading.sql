-- Where a file's bytes are: 'database' (in content) or 'directory' (a file named by its
-- SHA-256 under documents.directory, content left empty), for installs whose documents outgrow
-- the database. Files already stored stay where they are.
ALTER TABLE document_files ADD COLUMN place TEXT NOT NULL DEFAULT 'database';

-- 문서 본문: the text read out of each file once (by its SHA-256, like the file), and the
-- outline read from that text, for the plan page and for searching a round's documents.
CREATE TABLE document_texts (
    sha256 TEXT PRIMARY KEY REFERENCES document_files (sha256),
    state TEXT NOT NULL,
    note TEXT NOT NULL,
    content TEXT NOT NULL,
    outline TEXT NOT NULL
);

-- 문서 공개: a submitted document of a selected region that the program office made public
-- once the round's results were published. Unpublishing deletes the row; both are audited.
CREATE TABLE published_documents (
    document BIGINT PRIMARY KEY REFERENCES version_documents (id),
    published_by TEXT NOT NULL,
    published_at TEXT NOT NULL
);
