-- Up Migration
--
-- A one-time code is good once (RFC 6238, section 5.2): the last time step an
-- account signed in (or enrolled) with is kept, and a code of that step or an
-- earlier one is refused, so a code seen over a shoulder cannot be replayed.

ALTER TABLE accounts ADD COLUMN totp_last_step bigint;

-- Down Migration

ALTER TABLE accounts DROP COLUMN totp_last_step;
