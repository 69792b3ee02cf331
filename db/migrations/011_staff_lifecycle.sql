-- Up Migration
--
-- Staff accounts over their whole life, and the holes an outside review found
-- in their first sign-in (issue 8).
--
-- * An account an admin creates starts with a temporary password that must be
--   changed at first sign-in: accounts.password_must_change, and a session
--   stage 'change_password' that can do nothing else.
-- * The secret being enrolled as a second factor is kept in the session that
--   asked for it, sealed, and expires: another session of the same account
--   cannot finish an enrolment it did not start, and an old QR code is useless.
-- * Staff sessions have an absolute end as well as an idle one
--   (sessions.absolute_expires_at; guests' sessions have none).
-- * Changes to accounts are audited. Account ids are text, not uuid, so an
--   account event names its account in entity_ref and leaves entity_id null.
-- * rate_limits keys held raw email addresses; the limits are now keyed on the
--   email's blind index, so the old keys go.

ALTER TABLE accounts ADD COLUMN password_must_change boolean NOT NULL DEFAULT false;

ALTER TABLE sessions DROP CONSTRAINT sessions_stage_check;
ALTER TABLE sessions ADD CONSTRAINT sessions_stage_check
  CHECK (stage IN ('full', 'enrol_totp', 'change_password'));
ALTER TABLE sessions
  ADD COLUMN absolute_expires_at timestamptz,
  ADD COLUMN pending_totp_enc text,
  ADD COLUMN pending_totp_expires_at timestamptz;

ALTER TABLE audit_events ALTER COLUMN entity_id DROP NOT NULL;
ALTER TABLE audit_events ADD COLUMN entity_ref text;
ALTER TABLE audit_events ADD CONSTRAINT audit_events_entity_named
  CHECK (entity_id IS NOT NULL OR entity_ref IS NOT NULL);
CREATE INDEX audit_events_entity_ref_idx ON audit_events (entity_ref) WHERE entity_ref IS NOT NULL;

DELETE FROM rate_limits WHERE key LIKE '%@%';

-- Down Migration
DROP INDEX IF EXISTS audit_events_entity_ref_idx;
ALTER TABLE audit_events DROP CONSTRAINT IF EXISTS audit_events_entity_named;
ALTER TABLE audit_events DROP COLUMN IF EXISTS entity_ref;
ALTER TABLE sessions DROP COLUMN IF EXISTS pending_totp_expires_at, DROP COLUMN IF EXISTS pending_totp_enc,
  DROP COLUMN IF EXISTS absolute_expires_at;
DELETE FROM sessions WHERE stage = 'change_password';
ALTER TABLE sessions DROP CONSTRAINT sessions_stage_check;
ALTER TABLE sessions ADD CONSTRAINT sessions_stage_check CHECK (stage IN ('full', 'enrol_totp'));
ALTER TABLE accounts DROP COLUMN IF EXISTS password_must_change;
