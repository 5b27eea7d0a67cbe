-- 입주기업 회원: an account a firm's staff member opens herself, naming her firm and its
-- 사업자등록번호. Until she opens the link mailed to her address (pending_until set) she cannot
-- sign in; once that time has passed unanswered, a new sign-up may take the login over.
-- registered_from and registered_at count sign-ups per address for the hourly limit.
ALTER TABLE users ADD COLUMN firm_name TEXT;
ALTER TABLE users ADD COLUMN business_number TEXT;
ALTER TABLE users ADD COLUMN pending_until BIGINT;
ALTER TABLE users ADD COLUMN registered_from TEXT;
ALTER TABLE users ADD COLUMN registered_at BIGINT;
CREATE INDEX users_by_registration_source ON users (registered_from, registered_at);

-- 애로사항 첨부파일: files filed with a report, kept once by their SHA-256 in document_files
-- like every other document, read by the report's readers only, and taken away with the
-- filer's personal data when the retention period ends.
CREATE TABLE grievance_attachments (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    grievance_id BIGINT NOT NULL REFERENCES grievances (id),
    name TEXT NOT NULL,
    file_type TEXT NOT NULL,
    sha256 TEXT NOT NULL REFERENCES document_files (sha256),
    bytes BIGINT NOT NULL
);
CREATE INDEX grievance_attachments_by_grievance ON grievance_attachments (grievance_id);
