-- Up Migration
--
-- Property setup, second part (issue 11):
--   * rate plans: a cancellation policy (free until N hours before arrival,
--     a first-night fee, or non-refundable), what is paid when, the room
--     types a plan is sold for (NULL: all), and derived plans whose nightly
--     price is their parent's, adjusted by a percentage;
--   * rooms out of order for a window of nights, with a reason; a window is
--     refused where a stay occupies the room, and no stay can be put into one;
--   * the property's taxes and fees and the contact details shown to guests;
--   * room type photos (the image files live outside the database; these
--     rows say which variants exist and what each photo shows, per language).

ALTER TABLE rate_plans
  ADD COLUMN cancellation text NOT NULL DEFAULT 'free_until'
    CHECK (cancellation IN ('free_until', 'first_night_fee', 'non_refundable')),
  ADD COLUMN payment text NOT NULL DEFAULT 'at_arrival'
    CHECK (payment IN ('at_booking', 'at_arrival', 'first_night_at_booking')),
  ADD COLUMN room_type_ids uuid[] CHECK (cardinality(room_type_ids) BETWEEN 1 AND 200),
  ADD COLUMN derived_from uuid,
  -- Percent added to the parent's price (-12.00: twelve percent less).
  ADD COLUMN derived_adjustment numeric(5, 2) CHECK (derived_adjustment BETWEEN -95 AND 200),
  ADD FOREIGN KEY (derived_from, property_id) REFERENCES rate_plans (id, property_id),
  ADD CHECK ((derived_from IS NULL) = (derived_adjustment IS NULL)),
  ADD CHECK (derived_from <> id);
UPDATE rate_plans SET cancellation = 'non_refundable', payment = 'at_booking' WHERE NOT refundable;
-- `refundable` stays (searches and pages read it) and always agrees with the policy.
ALTER TABLE rate_plans
  ADD CHECK (refundable = (cancellation <> 'non_refundable')),
  ADD CHECK (cancellation = 'free_until' OR cancellation_hours IS NULL);

-- A night's price under a plan: the rate calendar's price, else the room
-- type's base rate; a derived plan's is its parent's, adjusted and rounded to
-- a minor unit (half up). app/sync/inventory.server.ts applies the same rule.
CREATE OR REPLACE FUNCTION hotel_nightly_prices(p_room_type uuid, p_rate_plan uuid, p_check_in date, p_check_out date)
RETURNS TABLE (night date, price bigint) LANGUAGE sql STABLE AS $$
  SELECT n.night::date,
         CASE WHEN rp.derived_from IS NULL THEN coalesce(rc.price, rt.base_rate)
              ELSE round(coalesce(rc.price, rt.base_rate) * (100 + rp.derived_adjustment) / 100)::bigint END
    FROM room_types rt
    JOIN rate_plans rp ON rp.id = p_rate_plan
   CROSS JOIN generate_series(p_check_in, p_check_out - 1, interval '1 day') AS n(night)
    LEFT JOIN rate_calendar rc
      ON rc.rate_plan_id = coalesce(rp.derived_from, rp.id) AND rc.room_type_id = rt.id AND rc.night = n.night::date
   WHERE rt.id = p_room_type
$$;

-- A derived plan is bound by its parent's restrictions as well as its own.
CREATE OR REPLACE FUNCTION hotel_stay_restriction(p_room_type uuid, p_rate_plan uuid, p_check_in date, p_check_out date)
RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_strip_nulls(jsonb_build_object(
           'rule', found.rule, 'date', found.night,
           'minStay', CASE WHEN found.rule = 'min_stay' THEN found.min_stay END))
    FROM (
      SELECT rc.night, rc.min_stay,
             CASE
               WHEN rc.stop_sell AND rc.night < p_check_out THEN 'stop_sell'
               WHEN rc.closed_to_arrival AND rc.night = p_check_in THEN 'closed_to_arrival'
               WHEN rc.closed_to_departure AND rc.night = p_check_out THEN 'closed_to_departure'
               WHEN rc.min_stay > (p_check_out - p_check_in) AND rc.night = p_check_in THEN 'min_stay'
             END AS rule
        FROM rate_calendar rc
       WHERE rc.rate_plan_id IN (SELECT p_rate_plan UNION ALL SELECT derived_from FROM rate_plans WHERE id = p_rate_plan)
         AND rc.room_type_id = p_room_type
         AND rc.night BETWEEN p_check_in AND p_check_out
    ) AS found
   WHERE found.rule IS NOT NULL
   ORDER BY array_position(ARRAY['stop_sell', 'closed_to_arrival', 'closed_to_departure', 'min_stay'], found.rule),
            found.night
   LIMIT 1
$$;

ALTER TABLE rooms ADD UNIQUE (id, property_id);

CREATE TABLE room_blocks (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  property_id uuid NOT NULL,
  room_id     uuid NOT NULL,
  -- The nights [starts, ends) the room is out of order.
  starts      date NOT NULL,
  ends        date NOT NULL CHECK (ends > starts AND ends - starts <= 3660),
  reason      text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  created_at  timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (room_id, property_id) REFERENCES rooms (id, property_id),
  CONSTRAINT room_blocks_no_overlap EXCLUDE USING gist (room_id WITH =, daterange(starts, ends) WITH &&)
);
CREATE INDEX room_blocks_property_idx ON room_blocks (property_id, ends);

-- A window is taken only where no stay occupies the room. Locking the room
-- (FOR UPDATE conflicts with the booking statement's FOR NO KEY UPDATE) makes
-- a window and a booking of the same room wait for each other, so the read
-- below sees every stay committed before it.
CREATE FUNCTION room_block_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_stays jsonb;
BEGIN
  PERFORM 1 FROM rooms WHERE id = NEW.room_id FOR UPDATE;
  SELECT jsonb_agg(jsonb_build_object('reservationId', x.id, 'reference', b.reference,
                                      'checkIn', x.check_in, 'checkOut', x.check_out, 'status', x.status)
                   ORDER BY x.check_in)
    INTO v_stays
    FROM reservations x JOIN bookings b ON b.id = x.booking_id
   WHERE x.room_id = NEW.room_id AND x.stay && daterange(NEW.starts, NEW.ends)
     AND x.status IN ('held', 'confirmed', 'checked_in')
     AND NOT (x.status = 'held' AND x.hold_expires_at <= now());
  IF v_stays IS NOT NULL THEN
    PERFORM hotel_refuse('room_occupied', jsonb_build_object('roomId', NEW.room_id, 'stays', v_stays));
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER room_block_guard BEFORE INSERT OR UPDATE ON room_blocks
  FOR EACH ROW EXECUTE FUNCTION room_block_guard();

-- No stay is put into a room for nights it is out of order (an exclusion
-- violation, as a stay in its way would be: callers try another room), and
-- none is sold under a rate plan not offered for its room type.
CREATE FUNCTION reservation_room_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status IN ('held', 'confirmed', 'checked_in')
     AND EXISTS (SELECT 1 FROM room_blocks b
                  WHERE b.room_id = NEW.room_id AND daterange(b.starts, b.ends) && daterange(NEW.check_in, NEW.check_out)) THEN
    RAISE EXCEPTION USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'reservations_room_out_of_order',
      MESSAGE = 'room ' || NEW.room_id || ' is out of order for some of these nights';
  END IF;
  IF TG_OP = 'INSERT' AND EXISTS (SELECT 1 FROM rate_plans rp
                                   WHERE rp.id = NEW.rate_plan_id AND rp.room_type_ids IS NOT NULL
                                     AND NOT NEW.room_type_id = ANY (rp.room_type_ids)) THEN
    PERFORM hotel_refuse('not_found', jsonb_build_object('field', 'ratePlanId'));
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER reservation_room_guard BEFORE INSERT OR UPDATE OF room_id, check_in, check_out, status ON reservations
  FOR EACH ROW EXECUTE FUNCTION reservation_room_guard();

ALTER TABLE properties
  -- City tax: per adult and night, in minor units, for at most this many nights (NULL: no cap).
  ADD COLUMN city_tax_per_adult_night bigint NOT NULL DEFAULT 0 CHECK (city_tax_per_adult_night >= 0),
  ADD COLUMN city_tax_max_nights integer CHECK (city_tax_max_nights BETWEEN 1 AND 365),
  ADD COLUMN vat_percent numeric(4, 2) NOT NULL DEFAULT 0 CHECK (vat_percent BETWEEN 0 AND 50),
  ADD COLUMN vat_included boolean NOT NULL DEFAULT true,
  ADD COLUMN contact_email text CHECK (length(contact_email) <= 254),
  ADD COLUMN contact_phone text CHECK (length(contact_phone) <= 40);

-- What a room type offers (app/booking/room-details.ts names the codes).
ALTER TABLE room_types
  ADD COLUMN size_sqm numeric(5, 1) CHECK (size_sqm > 0 AND size_sqm < 1000),
  -- [{"type": "queen", "count": 1}]
  ADD COLUMN beds jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(beds) = 'array' AND jsonb_array_length(beds) <= 8),
  ADD COLUMN amenities text[] NOT NULL DEFAULT '{}' CHECK (
    amenities <@ ARRAY['wifi', 'air_conditioning', 'heating', 'tv', 'minibar', 'safe', 'kettle', 'coffee_machine',
                       'desk', 'balcony', 'bathtub', 'rain_shower', 'hairdryer', 'kitchenette', 'river_view',
                       'city_view']::text[]
  );

CREATE TABLE room_type_photos (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  room_type_id uuid NOT NULL REFERENCES room_types (id),
  -- What the photo shows, per language: {"en": "...", "ar": "..."}; English at least.
  alt          jsonb NOT NULL CHECK (jsonb_typeof(alt) = 'object' AND alt ? 'en'),
  -- The widths stored, in pixels, and the original's height/width ratio.
  widths       integer[] NOT NULL CHECK (cardinality(widths) BETWEEN 1 AND 8),
  aspect       numeric(6, 4) NOT NULL CHECK (aspect > 0),
  sort_order   integer NOT NULL DEFAULT 0,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX room_type_photos_type_idx ON room_type_photos (room_type_id, sort_order);

-- Down Migration
DROP TABLE IF EXISTS room_type_photos;
ALTER TABLE room_types DROP COLUMN IF EXISTS size_sqm, DROP COLUMN IF EXISTS beds, DROP COLUMN IF EXISTS amenities;
ALTER TABLE properties
  DROP COLUMN IF EXISTS city_tax_per_adult_night, DROP COLUMN IF EXISTS city_tax_max_nights,
  DROP COLUMN IF EXISTS vat_percent, DROP COLUMN IF EXISTS vat_included,
  DROP COLUMN IF EXISTS contact_email, DROP COLUMN IF EXISTS contact_phone;
DROP TRIGGER IF EXISTS reservation_room_guard ON reservations;
DROP FUNCTION IF EXISTS reservation_room_guard();
DROP TABLE IF EXISTS room_blocks;
DROP FUNCTION IF EXISTS room_block_guard();
ALTER TABLE rooms DROP CONSTRAINT IF EXISTS rooms_id_property_id_key;
CREATE OR REPLACE FUNCTION hotel_stay_restriction(p_room_type uuid, p_rate_plan uuid, p_check_in date, p_check_out date)
RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_strip_nulls(jsonb_build_object(
           'rule', found.rule, 'date', found.night,
           'minStay', CASE WHEN found.rule = 'min_stay' THEN found.min_stay END))
    FROM (
      SELECT rc.night, rc.min_stay,
             CASE
               WHEN rc.stop_sell AND rc.night < p_check_out THEN 'stop_sell'
               WHEN rc.closed_to_arrival AND rc.night = p_check_in THEN 'closed_to_arrival'
               WHEN rc.closed_to_departure AND rc.night = p_check_out THEN 'closed_to_departure'
               WHEN rc.min_stay > (p_check_out - p_check_in) AND rc.night = p_check_in THEN 'min_stay'
             END AS rule
        FROM rate_calendar rc
       WHERE rc.rate_plan_id = p_rate_plan AND rc.room_type_id = p_room_type
         AND rc.night BETWEEN p_check_in AND p_check_out
    ) AS found
   WHERE found.rule IS NOT NULL
   ORDER BY array_position(ARRAY['stop_sell', 'closed_to_arrival', 'closed_to_departure', 'min_stay'], found.rule),
            found.night
   LIMIT 1
$$;
CREATE OR REPLACE FUNCTION hotel_nightly_prices(p_room_type uuid, p_rate_plan uuid, p_check_in date, p_check_out date)
RETURNS TABLE (night date, price bigint) LANGUAGE sql STABLE AS $$
  SELECT n.night::date, coalesce(rc.price, rt.base_rate)
    FROM room_types rt
   CROSS JOIN generate_series(p_check_in, p_check_out - 1, interval '1 day') AS n(night)
    LEFT JOIN rate_calendar rc
      ON rc.rate_plan_id = p_rate_plan AND rc.room_type_id = rt.id AND rc.night = n.night::date
   WHERE rt.id = p_room_type
$$;
ALTER TABLE rate_plans
  DROP COLUMN IF EXISTS derived_adjustment, DROP COLUMN IF EXISTS derived_from,
  DROP COLUMN IF EXISTS room_type_ids, DROP COLUMN IF EXISTS payment, DROP COLUMN IF EXISTS cancellation;
