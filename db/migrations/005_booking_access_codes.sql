-- Up Migration
--
-- Managing a booking without an account: the guest gives the booking
-- reference and their email, receives a one-time code by email, and entering
-- it opens that booking for a short while. Only the code's hash is kept;
-- codes expire, are single-use and allow a few attempts.

CREATE TABLE booking_access_codes (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  booking_id uuid NOT NULL REFERENCES bookings (id),
  code_hash  text NOT NULL,
  attempts   integer NOT NULL DEFAULT 0,
  expires_at timestamptz NOT NULL,
  used_at    timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX booking_access_codes_booking_idx ON booking_access_codes (booking_id, created_at DESC);

-- Down Migration
DROP TABLE IF EXISTS booking_access_codes;
