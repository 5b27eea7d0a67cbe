-- Accounts, role grants, sessions and sign-in attempts. Times that drive behaviour (expiry,
-- lockout) are Unix seconds; times shown to people are RFC 3339 text.
CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    login TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    failed_signins INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE grants (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id),
    role TEXT NOT NULL,
    granted_at TEXT NOT NULL,
    granted_by INTEGER REFERENCES users (id),
    revoked_at TEXT
);
CREATE INDEX grants_by_user ON grants (user_id);

-- The token itself is never stored: only its SHA-256.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE signin_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    login TEXT NOT NULL,
    source TEXT NOT NULL,
    succeeded INTEGER NOT NULL
);
CREATE INDEX signin_attempts_by_source ON signin_attempts (source, at);

-- API tokens act with their user's roles; like sessions, only the SHA-256 is kept.
CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id);
