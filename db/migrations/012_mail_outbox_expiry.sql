-- Up Migration
--
-- The development outbox holds links and codes that open accounts and
-- bookings, and the address they went to: it is a development tool only
-- (production sends through SMTP and refuses the outbox), and its rows
-- expire after a day. Erasure deletes a guest's rows at once.

ALTER TABLE mail_outbox ADD COLUMN expires_at timestamptz NOT NULL DEFAULT now() + interval '1 day';
CREATE INDEX mail_outbox_expires_idx ON mail_outbox (expires_at);
DELETE FROM mail_outbox WHERE created_at < now() - interval '1 day';

-- Down Migration
DROP INDEX IF EXISTS mail_outbox_expires_idx;
ALTER TABLE mail_outbox DROP COLUMN IF EXISTS expires_at;
