-- 평가·선정: a round's expert panel with its frozen framework, the conflicts its members
-- declare, which plan each scores, the score sheets, reminders, and the committee's meetings
-- and decisions before they are published into the record. Documents are JSON in `doc`;
-- times are RFC 3339 text. Members, conflicts and meetings hang off `calls`, not `panels`,
-- so the office may appoint the panel before it has saved a framework.

-- One row from the first framework save; `version` counts framework saves so two officials
-- never overwrite each other's framework.
CREATE TABLE panels (
    round INTEGER PRIMARY KEY REFERENCES calls (year),
    framework TEXT NOT NULL,
    stage TEXT NOT NULL CHECK (stage IN ('setup', 'scoring', 'closed')),
    version INTEGER NOT NULL,
    scores_published INTEGER NOT NULL DEFAULT 0,
    started_at TEXT,
    closed_at TEXT
);

-- `position` is the order of appointment, which also decides which of equal totals the
-- trimmed mean leaves out.
CREATE TABLE panel_members (
    round INTEGER NOT NULL REFERENCES calls (year),
    user_id INTEGER NOT NULL REFERENCES users (id),
    affiliation TEXT NOT NULL,
    position INTEGER NOT NULL,
    appointed_by TEXT NOT NULL,
    appointed_at TEXT NOT NULL,
    PRIMARY KEY (round, user_id)
);

CREATE TABLE conflicts (
    round INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    region TEXT NOT NULL,
    kind TEXT NOT NULL,
    note TEXT NOT NULL,
    declared_by TEXT NOT NULL,
    declared_at TEXT NOT NULL,
    PRIMARY KEY (round, user_id, region),
    FOREIGN KEY (round, user_id) REFERENCES panel_members (round, user_id)
);

-- The submitted version of each plan that is scored, fixed when scoring starts.
CREATE TABLE evaluated_plans (
    round INTEGER NOT NULL REFERENCES panels (round),
    region TEXT NOT NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (round, region),
    FOREIGN KEY (round, region, version) REFERENCES proposal_versions (round, region, number)
);

CREATE TABLE assignments (
    round INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    region TEXT NOT NULL,
    PRIMARY KEY (round, user_id, region),
    FOREIGN KEY (round, user_id) REFERENCES panel_members (round, user_id),
    FOREIGN KEY (round, region) REFERENCES evaluated_plans (round, region)
);

-- A draft while `submitted_at` is NULL, locked after. `salt` is a random value mixed into the
-- digest the audit trail keeps of each save, so the digest cannot be matched against guessed
-- scores; it is never shown while scoring is under way.
CREATE TABLE score_sheets (
    round INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    region TEXT NOT NULL,
    doc TEXT NOT NULL,
    version INTEGER NOT NULL,
    salt TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    submitted_at TEXT,
    PRIMARY KEY (round, user_id, region),
    FOREIGN KEY (round, user_id, region) REFERENCES assignments (round, user_id, region)
);

-- user_id NULL reminds every evaluator who still has sheets outstanding.
CREATE TABLE reminders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    round INTEGER NOT NULL REFERENCES panels (round),
    user_id INTEGER REFERENCES users (id),
    note TEXT NOT NULL,
    by_login TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX reminders_by_round ON reminders (round);

-- Until `published_at` is set, meetings and their decisions are Sandan's working records;
-- publishing copies them into the record's `meetings` and `designations`.
CREATE TABLE committee_meetings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    round INTEGER NOT NULL REFERENCES calls (year),
    doc TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    published_at TEXT
);
CREATE INDEX committee_meetings_by_round ON committee_meetings (round);

CREATE TABLE committee_decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id INTEGER NOT NULL REFERENCES committee_meetings (id),
    round INTEGER NOT NULL,
    doc TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX committee_decisions_by_round ON committee_decisions (round);
