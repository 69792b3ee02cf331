-- Up Migration
--
-- The front desk may extend a walk-in's hold once, so the guest has time to
-- find their passport, but not keep a room off the market indefinitely. The
-- flag sits on the reservation (the row the hold is), so the extension and
-- its limit change in the same UPDATE. Housekeeping's 'inspected' state and
-- every reservation state the desk needs exist since migration 001.
ALTER TABLE reservations ADD COLUMN hold_extended boolean NOT NULL DEFAULT false;

-- Down Migration
ALTER TABLE reservations DROP COLUMN IF EXISTS hold_extended;
