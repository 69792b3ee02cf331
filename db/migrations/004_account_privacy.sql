-- Up Migration
--
-- Accounts hold personal data too: the sign-in email and the person's name.
-- They move behind the same envelope as guest data: sealed under a data key
-- of the account's own (wrapped by the master key), with the email's blind
-- index for sign-in and uniqueness. SQL cannot seal (the master key is not in
-- the database), so existing values move to legacy_* columns, which the
-- application seals and clears right after migrating (launcher/setup.ts).

ALTER TABLE accounts RENAME COLUMN email TO legacy_email;
ALTER TABLE accounts RENAME COLUMN display_name TO legacy_display_name;
ALTER TABLE accounts ALTER COLUMN legacy_email DROP NOT NULL;
ALTER TABLE accounts ALTER COLUMN legacy_display_name DROP NOT NULL;
ALTER TABLE accounts ALTER COLUMN legacy_display_name DROP DEFAULT;
DROP INDEX accounts_email_key;
ALTER TABLE accounts
  ADD COLUMN email_index  text,
  ADD COLUMN data_key_enc text,
  ADD COLUMN pii_enc      text,
  ADD CONSTRAINT accounts_sealed CHECK (
    legacy_email IS NOT NULL
    OR (data_key_enc IS NOT NULL AND pii_enc IS NOT NULL AND email_index IS NOT NULL)
    OR disabled_at IS NOT NULL
  );
CREATE UNIQUE INDEX accounts_email_index_key ON accounts (email_index);

-- Down Migration
DROP INDEX IF EXISTS accounts_email_index_key;
ALTER TABLE accounts DROP CONSTRAINT IF EXISTS accounts_sealed;
ALTER TABLE accounts DROP COLUMN email_index, DROP COLUMN data_key_enc, DROP COLUMN pii_enc;
ALTER TABLE accounts RENAME COLUMN legacy_email TO email;
ALTER TABLE accounts RENAME COLUMN legacy_display_name TO display_name;
CREATE UNIQUE INDEX accounts_email_key ON accounts (lower(email));
