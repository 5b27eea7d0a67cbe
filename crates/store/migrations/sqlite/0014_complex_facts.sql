-- 단지 현황: what a published registry says of a complex beyond the record (시·군·구, 지정일,
-- 착공일, 준공일, 지정면적, 관리기관), each fact with its source, 기준일 and the cell as written,
-- as one JSON document. Like the quarterly survey, it belongs to a complex of the record and
-- goes when the record is replaced.
CREATE TABLE complex_facts (
    complex_id TEXT PRIMARY KEY REFERENCES complexes (id),
    doc TEXT NOT NULL
);
