-- Up Migration
--
-- A one-time code is good once (RFC 6238, section 5.2): the last time step an
-- account signed in (or enrolled) with is kept, and a code of that step or an
-- earlier one is refused, so a code seen over a shoulder cannot be replayed.
-- The demo accounts are the exception: their secret is printed in the README,
-- so single use would protect nothing there and would only stop a newcomer
-- (or a test harness) signing one in twice within 30 seconds.

ALTER TABLE accounts ADD COLUMN totp_last_step bigint;
ALTER TABLE accounts ADD COLUMN totp_reuse_allowed boolean NOT NULL DEFAULT false;
-- Demo accounts seeded before this migration (their ids are the seed's own).
UPDATE accounts SET totp_reuse_allowed = true WHERE id LIKE 'demo-%' AND role <> 'guest';

-- Down Migration

ALTER TABLE accounts DROP COLUMN totp_reuse_allowed;
ALTER TABLE accounts DROP COLUMN totp_last_step;
