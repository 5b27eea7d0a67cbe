-- 위원회 의결 on the record's rounds (#19): a committee meeting belongs to a round of the
-- record — run in Sandan (every call was opened with its round, so those meetings keep theirs)
-- or only recorded there (2021's later 최종확정). The key is checked at commit, so an import
-- that deletes a round and writes it again in one transaction passes; one that leaves out a
-- round with meetings is refused by the import itself, in words, before it gets here.
--
-- SQLite changes a foreign key only by rebuilding the table. Renaming the old tables first
-- carries the decisions' key along to the old meetings, so each old table can be dropped with
-- nothing left pointing at it; the indexes go with them and are made again on the new ones.
ALTER TABLE committee_decisions RENAME TO committee_decisions_old;
ALTER TABLE committee_meetings RENAME TO committee_meetings_old;

CREATE TABLE committee_meetings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    round INTEGER NOT NULL REFERENCES rounds (year) DEFERRABLE INITIALLY DEFERRED,
    doc TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    published_at TEXT
);
INSERT INTO committee_meetings (id, round, doc, recorded_by, recorded_at, published_at)
SELECT id, round, doc, recorded_by, recorded_at, published_at FROM committee_meetings_old;

CREATE TABLE committee_decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id INTEGER NOT NULL REFERENCES committee_meetings (id),
    round INTEGER NOT NULL,
    doc TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
INSERT INTO committee_decisions (id, meeting_id, round, doc, recorded_by, recorded_at)
SELECT id, meeting_id, round, doc, recorded_by, recorded_at FROM committee_decisions_old;

DROP TABLE committee_decisions_old;
DROP TABLE committee_meetings_old;
CREATE INDEX committee_meetings_by_round ON committee_meetings (round);
CREATE INDEX committee_decisions_by_round ON committee_decisions (round);
