-- A real registry's quarters and facts outlive a record import (`sandan import`) that keeps
-- their complexes: the import deletes and re-inserts every complex, so their key is checked at
-- commit, as 애로사항's is. SQLite changes a foreign key only by rebuilding the table.
CREATE TABLE complex_surveys_new (
    complex_id TEXT NOT NULL REFERENCES complexes (id) DEFERRABLE INITIALLY DEFERRED,
    year INTEGER NOT NULL,
    quarter INTEGER NOT NULL,
    tenants INTEGER NOT NULL,
    operating INTEGER NOT NULL,
    employment INTEGER NOT NULL,
    production_eok INTEGER NOT NULL,
    exports_musd INTEGER NOT NULL,
    source TEXT NOT NULL,
    PRIMARY KEY (complex_id, year, quarter)
);
INSERT INTO complex_surveys_new SELECT complex_id, year, quarter, tenants, operating, employment,
    production_eok, exports_musd, source FROM complex_surveys;
DROP TABLE complex_surveys;
ALTER TABLE complex_surveys_new RENAME TO complex_surveys;

CREATE TABLE complex_facts_new (
    complex_id TEXT PRIMARY KEY REFERENCES complexes (id) DEFERRABLE INITIALLY DEFERRED,
    doc TEXT NOT NULL
);
INSERT INTO complex_facts_new SELECT complex_id, doc FROM complex_facts;
DROP TABLE complex_facts;
ALTER TABLE complex_facts_new RENAME TO complex_facts;
