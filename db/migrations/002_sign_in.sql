-- Up Migration
--
-- Sign-in for guests and staff. Sessions become lucia sessions (the bearer
-- tokens of the API are the same sessions), with a stage so that a staff
-- member who has not enrolled a TOTP second factor yet can do nothing but
-- enrol. Staff TOTP secrets are stored encrypted (AES-256-GCM under a key
-- derived from the master key). Rate limits and login throttling live in
-- Postgres so they hold across app instances.

ALTER TABLE accounts
  ADD COLUMN totp_secret_enc    text,
  ADD COLUMN totp_enrolled_at   timestamptz,
  ADD COLUMN password_changed_at timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN disabled_at        timestamptz;

ALTER TABLE sessions
  ADD COLUMN stage text NOT NULL DEFAULT 'full' CHECK (stage IN ('full', 'enrol_totp')),
  ADD COLUMN kind  text NOT NULL DEFAULT 'web' CHECK (kind IN ('web', 'api'));
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- rate-limiter-flexible's Postgres store (one table, keys carry the limiter's prefix).
CREATE TABLE rate_limits (
  key    varchar(255) PRIMARY KEY,
  points integer NOT NULL DEFAULT 0,
  expire bigint
);
CREATE INDEX rate_limits_expire_idx ON rate_limits (expire);

-- Single-use, expiring password-reset links; only the token's hash is kept.
CREATE TABLE password_resets (
  id         text PRIMARY KEY,
  account_id text NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL,
  used_at    timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX password_resets_account_idx ON password_resets (account_id);

-- The development mail sender writes here instead of sending; admins read it.
CREATE TABLE mail_outbox (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  to_address text NOT NULL,
  subject    text NOT NULL,
  body       text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE IF EXISTS mail_outbox, password_resets, rate_limits;
ALTER TABLE sessions DROP COLUMN IF EXISTS stage, DROP COLUMN IF EXISTS kind;
ALTER TABLE accounts DROP COLUMN IF EXISTS totp_secret_enc, DROP COLUMN IF EXISTS totp_enrolled_at,
  DROP COLUMN IF EXISTS password_changed_at, DROP COLUMN IF EXISTS disabled_at;
