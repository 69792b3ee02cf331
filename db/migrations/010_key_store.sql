-- Up Migration
--
-- Data keys move out of the rows they protect (issue 8, item 7; decision
-- record 016). Until now each guest's and account's data key sat, wrapped by
-- a key derived from a master key that never changed, in the same row as the
-- data it opens: erasing a guest cleared the live row, but every backup, WAL
-- segment and replica from before still held both halves. Now a data key is a
-- row of data_keys, named by its subject ("guest:<id>", "account:<id>"), and
-- wrapped by a key-encryption key (KEK) kept outside the database, in the key
-- store; KEKs rotate per period and old ones are destroyed. Erasure deletes
-- the data key row.
--
-- `wrapped` is "<kek id>:<sealed data key>". SQL cannot re-wrap (no key is in
-- the database), so existing keys move as they are under KEK 0, the old
-- master-derived key; the launcher re-wraps them under the current KEK right
-- after migrating (launcher/setup.ts).

CREATE TABLE data_keys (
  subject      text PRIMARY KEY CHECK (subject ~ '^(guest|account):.+$'),
  wrapped      text NOT NULL CHECK (wrapped ~ '^[0-9]{1,9}:v1\.'),
  kek_id       integer GENERATED ALWAYS AS (split_part(wrapped, ':', 1)::integer) STORED,
  created_at   timestamptz NOT NULL DEFAULT now(),
  rewrapped_at timestamptz
);
-- Rotation looks for the keys still under an older KEK.
CREATE INDEX data_keys_kek_idx ON data_keys (kek_id);

INSERT INTO data_keys (subject, wrapped)
SELECT 'guest:' || id, '0:' || data_key_enc FROM guests WHERE data_key_enc IS NOT NULL;
INSERT INTO data_keys (subject, wrapped)
SELECT 'account:' || id, '0:' || data_key_enc FROM accounts WHERE data_key_enc IS NOT NULL;

ALTER TABLE guests DROP CONSTRAINT guests_sealed_or_erased;
ALTER TABLE guests DROP COLUMN data_key_enc;
ALTER TABLE guests ADD CONSTRAINT guests_sealed_or_erased CHECK (
  (erased_at IS NULL AND pii_enc IS NOT NULL)
  OR (erased_at IS NOT NULL AND pii_enc IS NULL AND email_index IS NULL)
);

ALTER TABLE accounts DROP CONSTRAINT accounts_sealed;
ALTER TABLE accounts DROP COLUMN data_key_enc;
ALTER TABLE accounts ADD CONSTRAINT accounts_sealed CHECK (
  legacy_email IS NOT NULL
  OR (pii_enc IS NOT NULL AND email_index IS NOT NULL)
  OR disabled_at IS NOT NULL
);

-- Down Migration
-- Only keys still under KEK 0 fit the old columns; keys re-wrapped under a
-- rotating KEK cannot go back without the application.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM data_keys WHERE kek_id <> 0) THEN
    RAISE EXCEPTION 'data keys are wrapped by rotating KEKs; migration 010 cannot be undone in SQL';
  END IF;
END $$;
ALTER TABLE accounts DROP CONSTRAINT accounts_sealed;
ALTER TABLE accounts ADD COLUMN data_key_enc text;
UPDATE accounts a SET data_key_enc = substr(k.wrapped, 3) FROM data_keys k WHERE k.subject = 'account:' || a.id;
ALTER TABLE accounts ADD CONSTRAINT accounts_sealed CHECK (
  legacy_email IS NOT NULL
  OR (data_key_enc IS NOT NULL AND pii_enc IS NOT NULL AND email_index IS NOT NULL)
  OR disabled_at IS NOT NULL
);
ALTER TABLE guests DROP CONSTRAINT guests_sealed_or_erased;
ALTER TABLE guests ADD COLUMN data_key_enc text;
UPDATE guests g SET data_key_enc = substr(k.wrapped, 3) FROM data_keys k WHERE k.subject = 'guest:' || g.id;
ALTER TABLE guests ADD CONSTRAINT guests_sealed_or_erased CHECK (
  (erased_at IS NULL AND data_key_enc IS NOT NULL AND pii_enc IS NOT NULL)
  OR (erased_at IS NOT NULL AND data_key_enc IS NULL AND pii_enc IS NULL AND email_index IS NULL)
);
DROP TABLE data_keys;
