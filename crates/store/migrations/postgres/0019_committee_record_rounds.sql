-- 위원회 의결 on the record's rounds (#19): a committee meeting belongs to a round of the
-- record — run in Sandan (every call was opened with its round, so those meetings keep theirs)
-- or only recorded there (2021's later 최종확정). The key is checked at commit, so an import
-- that deletes a round and writes it again in one transaction passes; one that leaves out a
-- round with meetings is refused by the import itself, in words, before it gets here.
ALTER TABLE committee_meetings DROP CONSTRAINT committee_meetings_round_fkey;
ALTER TABLE committee_meetings ADD CONSTRAINT committee_meetings_round_fkey
    FOREIGN KEY (round) REFERENCES rounds (year) DEFERRABLE INITIALLY DEFERRED;
