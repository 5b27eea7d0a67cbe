-- 이메일: each account's address, verified by a link sent to it, and what she wants mailed.
ALTER TABLE users ADD COLUMN email TEXT;
ALTER TABLE users ADD COLUMN email_verified_at TEXT;
ALTER TABLE users ADD COLUMN mail_events INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN mail_reminders INTEGER NOT NULL DEFAULT 1;

-- A link sent to an address to prove it is hers; only the token's SHA-256 is kept.
CREATE TABLE email_verifications (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    address TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at TEXT
);
CREATE INDEX email_verifications_by_user ON email_verifications (user_id);

-- 발송함: every message, written in the same transaction as the change that causes it, then
-- sent by a worker any instance may run. `dedup_key` keeps a scheduled reminder from being
-- queued twice; `message_id` is the Message-ID header, the same on every attempt, so a relay
-- or mailbox that sees a message twice (the server died between sending and recording) can
-- tell. `claimed_until` is the lease of the worker sending it (Unix seconds).
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id TEXT NOT NULL UNIQUE,
    dedup_key TEXT UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users (id),
    address TEXT NOT NULL,
    kind TEXT NOT NULL,
    round INTEGER,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    link TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    claimed_by TEXT,
    claimed_until INTEGER,
    last_error TEXT,
    sent_at TEXT
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_by_user ON outbox (user_id);

-- 일정 구독: a private iCalendar address per user, revocable; only the token's SHA-256 is kept.
CREATE TABLE calendar_feeds (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX calendar_feeds_by_user ON calendar_feeds (user_id);
