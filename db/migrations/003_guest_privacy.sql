-- Up Migration
--
-- Guest data encrypted at rest. Each guest's personal data (name, email,
-- phone, address) is one AES-256-GCM sealed document under that guest's own
-- data key; the data key is stored wrapped by the master key (which lives
-- outside the database). Finding a guest by email goes through a blind
-- index: an HMAC of the normalised address. Erasing a guest destroys their
-- data key, so every copy of their data - here, in backups, in dumps -
-- becomes unreadable, while their bookings stay for the accounts.
-- In-person identity checks at the front desk are recorded with the
-- document number sealed under the same guest key.

ALTER TABLE guests
  ADD COLUMN data_key_enc text,
  ADD COLUMN pii_enc      text,
  ADD COLUMN email_index  text,
  ADD COLUMN erased_at    timestamptz;
-- Existing rows predate encryption: only demo data exists at this point, and
-- it cannot be sealed from SQL (the master key is not in the database).
UPDATE guests SET erased_at = now();
ALTER TABLE guests DROP COLUMN full_name, DROP COLUMN email, DROP COLUMN phone;
ALTER TABLE guests ADD CONSTRAINT guests_sealed_or_erased CHECK (
  (erased_at IS NULL AND data_key_enc IS NOT NULL AND pii_enc IS NOT NULL)
  OR (erased_at IS NOT NULL AND data_key_enc IS NULL AND pii_enc IS NULL AND email_index IS NULL)
);
CREATE INDEX guests_email_index_idx ON guests (email_index);

CREATE TABLE guest_documents (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  guest_id        uuid NOT NULL REFERENCES guests (id),
  reservation_id  uuid REFERENCES reservations (id),
  document_type   text NOT NULL CHECK (document_type IN ('passport', 'national_id', 'driving_licence', 'residence_permit', 'other')),
  issuing_country char(2) NOT NULL CHECK (issuing_country ~ '^[A-Z]{2}$'),
  -- Sealed under the guest's data key: erased with the guest.
  number_enc      text,
  checked_by      text NOT NULL REFERENCES accounts (id),
  checked_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX guest_documents_guest_idx ON guest_documents (guest_id);

-- Down Migration
DROP TABLE IF EXISTS guest_documents;
ALTER TABLE guests DROP CONSTRAINT IF EXISTS guests_sealed_or_erased;
ALTER TABLE guests ADD COLUMN full_name text NOT NULL DEFAULT 'erased', ADD COLUMN email text, ADD COLUMN phone text;
ALTER TABLE guests DROP COLUMN data_key_enc, DROP COLUMN pii_enc, DROP COLUMN email_index, DROP COLUMN erased_at;
