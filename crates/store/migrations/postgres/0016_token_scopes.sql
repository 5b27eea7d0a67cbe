-- API 토큰의 범위와 유효기간 (#22). scopes is "read" or "write:<area>,<area>…" (the domain's
-- TokenScope); expires_at and last_used_at are Unix seconds, like sessions, so that "expired"
-- is a number comparison on both databases.
--
-- Tokens made before this change acted with all of their user's rights and had no end. They
-- keep working as they did — every write area, which the policy still narrows to what their
-- user may do — because a province's or ministry's client that writes today must not break on
-- the day of an upgrade its owner did not choose. They are treated as if issued on that day
-- with the default lifetime (90 days): their owners get a quarter to issue scoped tokens, and
-- the office sees them in the token register and can revoke any sooner. The defaults only
-- fill the existing rows and are then dropped: every new token states its scope and expiry.
ALTER TABLE api_tokens ADD COLUMN scopes TEXT NOT NULL DEFAULT 'read';
ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE api_tokens ADD COLUMN last_used_at BIGINT;
UPDATE api_tokens
SET scopes = 'write:proposals,evaluation,grievances,package,results,record,accounts',
    expires_at = CAST(EXTRACT(EPOCH FROM now()) AS BIGINT) + 90 * 86400;
ALTER TABLE api_tokens ALTER COLUMN scopes DROP DEFAULT;
ALTER TABLE api_tokens ALTER COLUMN expires_at DROP DEFAULT;
