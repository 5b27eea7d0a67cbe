-- 분기별 산업단지 동향: 한국산업단지공단's quarterly survey, one row per complex and quarter, in
-- the units it publishes (개사, 명, 억 원, 백만 달러). The figures are columns, not a JSON
-- document, so a total over complexes or quarters is one SUM. A row belongs to a complex of the
-- record and goes when the record is replaced.
CREATE TABLE complex_surveys (
    complex_id TEXT NOT NULL REFERENCES complexes (id),
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

-- Accounts `sandan generate` made: a later generate brings these, and only these, in line with
-- its dataset, and never touches a real account.
ALTER TABLE users ADD COLUMN synthetic INTEGER NOT NULL DEFAULT 0;
