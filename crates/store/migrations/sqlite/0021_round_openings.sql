-- A round opened in Sandan cites its opening as its source (Round::opening_source), as the record
-- requires of every round: before, it cited nothing until its committee published a decision,
-- and a record exported while it ran did not import again. Rounds opened before this cite
-- theirs now, dated by the audit trail's `round.open` entry (undated where it has none).
INSERT INTO sources (id, position, doc)
SELECT 'sandan-round-' || r.year,
       (SELECT COALESCE(MAX(position), -1) FROM sources) + ROW_NUMBER() OVER (ORDER BY r.year),
       json_object(
           'id', 'sandan-round-' || r.year,
           'title', json_extract(r.doc, '$.title') || ' 공고 (Sandan에서 개시)',
           'publisher', '국토교통부·산업통상자원부 (Sandan 공모 기록)',
           'published', (SELECT substr(MIN(a.at), 1, 10) FROM audit_log a
                         WHERE a.action = 'round.open' AND a.subject = 'round:' || r.year),
           'url', '/rounds/' || r.year)
FROM rounds r
WHERE r.year IN (SELECT year FROM calls)
  AND instr(r.doc, '"sources":[]') > 0
  AND NOT EXISTS (SELECT 1 FROM sources s WHERE s.id = 'sandan-round-' || r.year);

UPDATE rounds SET doc = replace(doc, '"sources":[]', '"sources":["sandan-round-' || year || '"]')
WHERE year IN (SELECT year FROM calls)
  AND instr(doc, '"sources":[]') > 0
  AND EXISTS (SELECT 1 FROM sources s WHERE s.id = 'sandan-round-' || year);
