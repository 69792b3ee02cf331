-- Up Migration
--
-- A booking counts its changes (a reservation confirmed, cancelled, moved,
-- expired), so a guest's own-bookings shape - one row per booking, no guest
-- data - tells their open screens that something in a booking changed.

ALTER TABLE bookings ADD COLUMN version integer NOT NULL DEFAULT 0;

CREATE FUNCTION reservations_touch_booking() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE bookings SET version = version + 1 WHERE id = NEW.booking_id;
  RETURN NULL;
END $$;

CREATE TRIGGER reservations_touch_booking AFTER UPDATE ON reservations
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION reservations_touch_booking();

-- Down Migration

DROP TRIGGER IF EXISTS reservations_touch_booking ON reservations;
DROP FUNCTION IF EXISTS reservations_touch_booking;
ALTER TABLE bookings DROP COLUMN IF EXISTS version;
