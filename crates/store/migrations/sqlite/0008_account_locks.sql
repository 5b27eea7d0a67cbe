-- 계정 잠김: each lock of an account by failed sign-ins, kept until its owner is told at her next
-- successful sign-in. The sign-in form answers a locked account exactly as a wrong password or an
-- unknown login, so that nobody learns there which logins exist; the owner learns it here.
CREATE TABLE account_locks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id),
    locked_at TEXT NOT NULL,
    failures INTEGER NOT NULL,
    told_at TEXT
);
CREATE INDEX account_locks_by_user ON account_locks (user_id);
