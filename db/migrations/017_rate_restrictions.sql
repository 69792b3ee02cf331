-- Up Migration
--
-- Restrictions in the rate calendar (issue 11): per rate plan, room type and
-- date, a minimum stay for arrivals that day, closed to arrival, closed to
-- departure, and stop-sell. A row may now set restrictions and leave the
-- price to the room type's base rate (price NULL). The booking statement
-- refuses a stay booked online or by a partner that breaks one
-- ('hotel:restricted', naming the rule; the front desk is not bound), the
-- availability search marks the rate plan (app/booking/restrictions.ts holds
-- the same rule for the search), and every change to the calendar is
-- audited, one event per rate plan and room type and statement.

ALTER TABLE rate_calendar
  ALTER COLUMN price DROP NOT NULL,
  ADD COLUMN min_stay integer CHECK (min_stay BETWEEN 1 AND 365),
  ADD COLUMN closed_to_arrival boolean NOT NULL DEFAULT false,
  ADD COLUMN closed_to_departure boolean NOT NULL DEFAULT false,
  ADD COLUMN stop_sell boolean NOT NULL DEFAULT false;

-- The rule a stay of [p_check_in, p_check_out) breaks under a rate plan, or
-- NULL: {rule, date, minStay?}. Checked in this order, the earliest date
-- first within each: stop-sell on a night of the stay; closed to arrival on
-- the arrival day; closed to departure on the departure day; the arrival
-- day's minimum stay.
CREATE FUNCTION hotel_stay_restriction(p_room_type uuid, p_rate_plan uuid, p_check_in date, p_check_out date)
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

-- The booking statement of migration 015, refusing a stay that breaks a
-- restriction of its rate plan (after the clock's rules and the price, before
-- any room is tried).
CREATE OR REPLACE FUNCTION hotel_book(p jsonb, p_token text, p_actor text, p_channel text) RETURNS jsonb
LANGUAGE plpgsql SET enable_seqscan = off AS $$
DECLARE
  v_property  uuid := (p->>'property_id')::uuid;
  v_type      uuid := (p->>'room_type_id')::uuid;
  v_in        date := (p->>'check_in')::date;
  v_out       date := (p->>'check_out')::date;
  v_status    reservation_status := (p->>'status')::reservation_status;
  v_room_id   uuid := (p->>'room_id')::uuid;
  v_needs     text[] := ARRAY(SELECT jsonb_array_elements_text(coalesce(p->'needs', '[]')));
  v_prefer    uuid[] := ARRAY(SELECT jsonb_array_elements_text(coalesce(p->'prefer', '[]'))::uuid);
  v_wanted    integer := jsonb_array_length(p->'split');
  v_booking   uuid := (p->'booking'->>'id')::uuid;
  v_guest     jsonb := nullif(p->'guest', 'null');
  v_replay    jsonb := nullif(p->'replay', 'null');
  v_ctx       record;
  v_today     date;
  v_price     bigint;
  v_hold      timestamptz;
  v_room      record;
  v_locked    uuid[] := '{}';
  v_rooms     jsonb := '[]';
  v_got       integer := 0;
  v_field     text;
  v_free      integer;
  v_outcome   jsonb;
  v_rule      jsonb;
BEGIN
  PERFORM hotel_act_as(p_token, p_actor, p_channel);

  SELECT pr.time_zone, pr.currency, pr.hold_minutes, rt.capacity, rt.name AS room_type_name, rp.id AS rate_plan_id
    INTO v_ctx
    FROM properties pr
    JOIN room_types rt ON rt.property_id = pr.id AND rt.id = v_type
    JOIN rate_plans rp ON rp.property_id = pr.id
     AND (rp.id = (p->>'rate_plan_id')::uuid OR (p->>'rate_plan_id' IS NULL AND rp.is_default))
   WHERE pr.id = v_property;
  IF NOT FOUND THEN
    v_field := CASE
      WHEN NOT EXISTS (SELECT 1 FROM properties WHERE id = v_property) THEN 'propertyId'
      WHEN NOT EXISTS (SELECT 1 FROM room_types WHERE id = v_type AND property_id = v_property) THEN 'roomTypeId'
      ELSE 'ratePlanId' END;
    PERFORM hotel_refuse('not_found', jsonb_build_object('field', v_field));
  END IF;

  -- The rules that need the property's clock (the rest are checked before the call).
  v_today := (now() AT TIME ZONE v_ctx.time_zone)::date;
  IF v_in < v_today THEN
    PERFORM hotel_refuse('invalid_stay', jsonb_build_object('reason', 'past', 'field', 'checkIn', 'today', v_today));
  END IF;
  IF v_in > v_today + (p->>'max_days_ahead')::integer THEN
    PERFORM hotel_refuse('invalid_stay', jsonb_build_object('reason', 'too_far', 'field', 'checkIn'));
  END IF;
  IF (p->>'party')::integer > v_ctx.capacity * v_wanted THEN
    PERFORM hotel_refuse('party_too_large', jsonb_build_object('field', 'adults', 'capacity', v_ctx.capacity));
  END IF;

  SELECT coalesce(sum(n.price), 0) INTO v_price FROM hotel_nightly_prices(v_type, v_ctx.rate_plan_id, v_in, v_out) n;
  -- The rate calendar's restrictions for this plan and type (migration 017): they steer what is
  -- sold online and through partners; the front desk sells a walk-in whatever they say.
  IF p->'booking'->>'channel' <> 'front_desk' THEN
    v_rule := hotel_stay_restriction(v_type, v_ctx.rate_plan_id, v_in, v_out);
  END IF;
  IF v_rule IS NOT NULL THEN
    PERFORM hotel_refuse('restricted', v_rule);
  END IF;
  IF v_status = 'held' THEN
    v_hold := now() + make_interval(mins => v_ctx.hold_minutes);
  END IF;

  -- The caller's live inventory says the type is full: make sure by reading,
  -- and refuse at once. A refusal rolls back, so its read conflicts with no
  -- one; trying every room in turn would cost a failed insert each. Should
  -- the read find rooms after all (the copy lagged), they are tried below.
  IF (p->>'likely_full')::boolean AND v_room_id IS NULL THEN
    SELECT count(*) INTO v_free FROM rooms r
     WHERE r.room_type_id = v_type AND NOT r.out_of_order AND r.accessibility @> v_needs
       AND NOT EXISTS (
         SELECT 1 FROM reservations x
          WHERE x.room_id = r.id AND x.check_out > v_in AND x.check_in < v_out
            AND x.status IN ('held', 'confirmed', 'checked_in')
            AND NOT (x.status = 'held' AND x.hold_expires_at <= now()));
    IF v_free < v_wanted THEN
      PERFORM hotel_refuse('sold_out', jsonb_build_object('roomTypeId', v_type, 'available', v_free));
    END IF;
  END IF;

  IF v_guest IS NOT NULL THEN
    INSERT INTO guests (id, account_id, pii_enc, email_index)
    VALUES ((v_guest->>'id')::uuid, v_guest->>'account_id', v_guest->>'pii_enc', v_guest->>'email_index');
    INSERT INTO data_keys (subject, wrapped) VALUES ('guest:' || (v_guest->>'id'), v_guest->>'data_key');
  END IF;
  INSERT INTO bookings (id, reference, property_id, account_id, guest_id, channel, currency)
  VALUES (v_booking, p->'booking'->>'reference', v_property, p->'booking'->>'account_id',
          (v_guest->>'id')::uuid, p->'booking'->>'channel', v_ctx.currency);

  -- Pass 1 takes the rooms nobody has locked; pass 2 tries the locked ones.
  FOR v_pass IN 1..2 LOOP
    EXIT WHEN v_got = v_wanted OR (v_pass = 2 AND cardinality(v_locked) = 0);
    FOR v_room IN
      SELECT r.id, r.number FROM rooms r
       WHERE r.room_type_id = v_type AND NOT r.out_of_order AND r.accessibility @> v_needs
         AND (v_room_id IS NULL OR r.id = v_room_id)
         AND (v_pass = 1 OR r.id = ANY (v_locked))
       -- Rooms without accessibility features first (they go to guests who
       -- need them only when nothing else is free); among equals, the rooms
       -- the caller believes free (a hint from its live inventory), then an
       -- order of this stay's own, so bookers for different dates start at
       -- different rooms.
       ORDER BY cardinality(r.accessibility), r.id = ANY (v_prefer) DESC, hashtext(r.id::text || v_in::text)
    LOOP
      -- The lock is taken inside the savepoint: a room found taken is let go at once.
      BEGIN
        IF v_pass = 1 THEN
          PERFORM 1 FROM rooms WHERE id = v_room.id FOR NO KEY UPDATE SKIP LOCKED;
          IF NOT FOUND THEN
            v_locked := v_locked || v_room.id;
            CONTINUE;
          END IF;
        ELSE
          -- A room someone else had locked: skip it if a committed stay
          -- already takes these nights (a read, so only here, when the
          -- unlocked rooms ran out); else wait for the lock, then try it.
          -- Inserting without the lock would let two conflicting inserts wait
          -- for each other (a deadlock, found only after a second).
          CONTINUE WHEN EXISTS (
            SELECT 1 FROM reservations x
             WHERE x.room_id = v_room.id AND x.check_out > v_in AND x.check_in < v_out
               AND x.status IN ('held', 'confirmed', 'checked_in')
               AND NOT (x.status = 'held' AND x.hold_expires_at <= now()));
          PERFORM 1 FROM rooms WHERE id = v_room.id FOR NO KEY UPDATE;
        END IF;
        INSERT INTO reservations (id, booking_id, property_id, room_type_id, room_id, rate_plan_id,
                                  check_in, check_out, adults, children, status, hold_expires_at, price)
        VALUES ((p->'reservation_ids'->>v_got)::uuid, v_booking, v_property, v_type, v_room.id, v_ctx.rate_plan_id,
                v_in, v_out, (p->'split'->v_got->>'adults')::integer, (p->'split'->v_got->>'children')::integer,
                v_status, v_hold, v_price);
        v_rooms := v_rooms || jsonb_build_object('id', v_room.id, 'number', v_room.number);
        v_got := v_got + 1;
      EXCEPTION WHEN exclusion_violation THEN
        NULL; -- taken for some of these nights: the next room
      END;
      EXIT WHEN v_got = v_wanted;
    END LOOP;
  END LOOP;

  IF v_got < v_wanted THEN
    IF v_room_id IS NOT NULL THEN
      PERFORM hotel_refuse('room_unavailable', jsonb_build_object('roomId', v_room_id));
    END IF;
    PERFORM hotel_refuse('sold_out', jsonb_build_object('roomTypeId', v_type, 'available', v_got));
  END IF;

  v_outcome := jsonb_build_object(
    'txid', pg_current_xact_id()::xid::text,
    'now', now(),
    'currency', v_ctx.currency,
    'roomTypeName', v_ctx.room_type_name,
    'ratePlanId', v_ctx.rate_plan_id,
    'price', v_price,
    'holdExpiresAt', v_hold,
    'rooms', v_rooms);
  -- The first answer is kept for replays (no personal data: the skeleton has no guest).
  IF v_replay IS NOT NULL THEN
    INSERT INTO idempotency_keys (caller, key, request_hash, status_code, response)
    VALUES (v_replay->>'caller', v_replay->>'key', v_replay->>'request_hash', 201,
            jsonb_build_object('skeleton', v_replay->'skeleton', 'outcome', v_outcome));
  END IF;
  RETURN v_outcome;
END;
$$;

-- Every change to the calendar, audited by the database: one event per rate
-- plan, room type and statement, saying which nights changed and the values
-- they were given (each distinct set once: a bulk edit is one line).
CREATE FUNCTION rate_calendar_audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit_events (actor, channel, action, entity_type, entity_id, property_id, changes)
  SELECT '', '', 'rates.' || lower(TG_OP), 'rate_plan', changed.rate_plan_id, rp.property_id,
         jsonb_build_object(
           'room_type_id', changed.room_type_id,
           'nights', changed.nights,
           'from', changed.first_night,
           'to', changed.last_night,
           'values', changed.set_values)
    FROM (
      SELECT c.rate_plan_id, c.room_type_id, count(*) AS nights, min(c.night) AS first_night, max(c.night) AS last_night,
             jsonb_agg(DISTINCT jsonb_build_object(
               'price', c.price, 'min_stay', c.min_stay, 'closed_to_arrival', c.closed_to_arrival,
               'closed_to_departure', c.closed_to_departure, 'stop_sell', c.stop_sell)) AS set_values
        FROM changed_rows c
       GROUP BY c.rate_plan_id, c.room_type_id
    ) AS changed
    JOIN rate_plans rp ON rp.id = changed.rate_plan_id;
  RETURN NULL;
END;
$$;
-- A trigger with transition tables has one event; the function reads "changed_rows" in each.
CREATE TRIGGER rate_calendar_audit_insert AFTER INSERT ON rate_calendar
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION rate_calendar_audit();
CREATE TRIGGER rate_calendar_audit_update AFTER UPDATE ON rate_calendar
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION rate_calendar_audit();
CREATE TRIGGER rate_calendar_audit_delete AFTER DELETE ON rate_calendar
  REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION rate_calendar_audit();

-- Down Migration
DROP TRIGGER IF EXISTS rate_calendar_audit_delete ON rate_calendar;
DROP TRIGGER IF EXISTS rate_calendar_audit_update ON rate_calendar;
DROP TRIGGER IF EXISTS rate_calendar_audit_insert ON rate_calendar;
DROP FUNCTION IF EXISTS rate_calendar_audit();
CREATE OR REPLACE FUNCTION hotel_book(p jsonb, p_token text, p_actor text, p_channel text) RETURNS jsonb
LANGUAGE plpgsql SET enable_seqscan = off AS $$
DECLARE
  v_property  uuid := (p->>'property_id')::uuid;
  v_type      uuid := (p->>'room_type_id')::uuid;
  v_in        date := (p->>'check_in')::date;
  v_out       date := (p->>'check_out')::date;
  v_status    reservation_status := (p->>'status')::reservation_status;
  v_room_id   uuid := (p->>'room_id')::uuid;
  v_needs     text[] := ARRAY(SELECT jsonb_array_elements_text(coalesce(p->'needs', '[]')));
  v_prefer    uuid[] := ARRAY(SELECT jsonb_array_elements_text(coalesce(p->'prefer', '[]'))::uuid);
  v_wanted    integer := jsonb_array_length(p->'split');
  v_booking   uuid := (p->'booking'->>'id')::uuid;
  v_guest     jsonb := nullif(p->'guest', 'null');
  v_replay    jsonb := nullif(p->'replay', 'null');
  v_ctx       record;
  v_today     date;
  v_price     bigint;
  v_hold      timestamptz;
  v_room      record;
  v_locked    uuid[] := '{}';
  v_rooms     jsonb := '[]';
  v_got       integer := 0;
  v_field     text;
  v_free      integer;
  v_outcome   jsonb;
BEGIN
  PERFORM hotel_act_as(p_token, p_actor, p_channel);

  SELECT pr.time_zone, pr.currency, pr.hold_minutes, rt.capacity, rt.name AS room_type_name, rp.id AS rate_plan_id
    INTO v_ctx
    FROM properties pr
    JOIN room_types rt ON rt.property_id = pr.id AND rt.id = v_type
    JOIN rate_plans rp ON rp.property_id = pr.id
     AND (rp.id = (p->>'rate_plan_id')::uuid OR (p->>'rate_plan_id' IS NULL AND rp.is_default))
   WHERE pr.id = v_property;
  IF NOT FOUND THEN
    v_field := CASE
      WHEN NOT EXISTS (SELECT 1 FROM properties WHERE id = v_property) THEN 'propertyId'
      WHEN NOT EXISTS (SELECT 1 FROM room_types WHERE id = v_type AND property_id = v_property) THEN 'roomTypeId'
      ELSE 'ratePlanId' END;
    PERFORM hotel_refuse('not_found', jsonb_build_object('field', v_field));
  END IF;

  -- The rules that need the property's clock (the rest are checked before the call).
  v_today := (now() AT TIME ZONE v_ctx.time_zone)::date;
  IF v_in < v_today THEN
    PERFORM hotel_refuse('invalid_stay', jsonb_build_object('reason', 'past', 'field', 'checkIn', 'today', v_today));
  END IF;
  IF v_in > v_today + (p->>'max_days_ahead')::integer THEN
    PERFORM hotel_refuse('invalid_stay', jsonb_build_object('reason', 'too_far', 'field', 'checkIn'));
  END IF;
  IF (p->>'party')::integer > v_ctx.capacity * v_wanted THEN
    PERFORM hotel_refuse('party_too_large', jsonb_build_object('field', 'adults', 'capacity', v_ctx.capacity));
  END IF;

  SELECT coalesce(sum(n.price), 0) INTO v_price FROM hotel_nightly_prices(v_type, v_ctx.rate_plan_id, v_in, v_out) n;
  IF v_status = 'held' THEN
    v_hold := now() + make_interval(mins => v_ctx.hold_minutes);
  END IF;

  -- The caller's live inventory says the type is full: make sure by reading,
  -- and refuse at once. A refusal rolls back, so its read conflicts with no
  -- one; trying every room in turn would cost a failed insert each. Should
  -- the read find rooms after all (the copy lagged), they are tried below.
  IF (p->>'likely_full')::boolean AND v_room_id IS NULL THEN
    SELECT count(*) INTO v_free FROM rooms r
     WHERE r.room_type_id = v_type AND NOT r.out_of_order AND r.accessibility @> v_needs
       AND NOT EXISTS (
         SELECT 1 FROM reservations x
          WHERE x.room_id = r.id AND x.check_out > v_in AND x.check_in < v_out
            AND x.status IN ('held', 'confirmed', 'checked_in')
            AND NOT (x.status = 'held' AND x.hold_expires_at <= now()));
    IF v_free < v_wanted THEN
      PERFORM hotel_refuse('sold_out', jsonb_build_object('roomTypeId', v_type, 'available', v_free));
    END IF;
  END IF;

  IF v_guest IS NOT NULL THEN
    INSERT INTO guests (id, account_id, pii_enc, email_index)
    VALUES ((v_guest->>'id')::uuid, v_guest->>'account_id', v_guest->>'pii_enc', v_guest->>'email_index');
    INSERT INTO data_keys (subject, wrapped) VALUES ('guest:' || (v_guest->>'id'), v_guest->>'data_key');
  END IF;
  INSERT INTO bookings (id, reference, property_id, account_id, guest_id, channel, currency)
  VALUES (v_booking, p->'booking'->>'reference', v_property, p->'booking'->>'account_id',
          (v_guest->>'id')::uuid, p->'booking'->>'channel', v_ctx.currency);

  -- Pass 1 takes the rooms nobody has locked; pass 2 tries the locked ones.
  FOR v_pass IN 1..2 LOOP
    EXIT WHEN v_got = v_wanted OR (v_pass = 2 AND cardinality(v_locked) = 0);
    FOR v_room IN
      SELECT r.id, r.number FROM rooms r
       WHERE r.room_type_id = v_type AND NOT r.out_of_order AND r.accessibility @> v_needs
         AND (v_room_id IS NULL OR r.id = v_room_id)
         AND (v_pass = 1 OR r.id = ANY (v_locked))
       -- Rooms without accessibility features first (they go to guests who
       -- need them only when nothing else is free); among equals, the rooms
       -- the caller believes free (a hint from its live inventory), then an
       -- order of this stay's own, so bookers for different dates start at
       -- different rooms.
       ORDER BY cardinality(r.accessibility), r.id = ANY (v_prefer) DESC, hashtext(r.id::text || v_in::text)
    LOOP
      -- The lock is taken inside the savepoint: a room found taken is let go at once.
      BEGIN
        IF v_pass = 1 THEN
          PERFORM 1 FROM rooms WHERE id = v_room.id FOR NO KEY UPDATE SKIP LOCKED;
          IF NOT FOUND THEN
            v_locked := v_locked || v_room.id;
            CONTINUE;
          END IF;
        ELSE
          -- A room someone else had locked: skip it if a committed stay
          -- already takes these nights (a read, so only here, when the
          -- unlocked rooms ran out); else wait for the lock, then try it.
          -- Inserting without the lock would let two conflicting inserts wait
          -- for each other (a deadlock, found only after a second).
          CONTINUE WHEN EXISTS (
            SELECT 1 FROM reservations x
             WHERE x.room_id = v_room.id AND x.check_out > v_in AND x.check_in < v_out
               AND x.status IN ('held', 'confirmed', 'checked_in')
               AND NOT (x.status = 'held' AND x.hold_expires_at <= now()));
          PERFORM 1 FROM rooms WHERE id = v_room.id FOR NO KEY UPDATE;
        END IF;
        INSERT INTO reservations (id, booking_id, property_id, room_type_id, room_id, rate_plan_id,
                                  check_in, check_out, adults, children, status, hold_expires_at, price)
        VALUES ((p->'reservation_ids'->>v_got)::uuid, v_booking, v_property, v_type, v_room.id, v_ctx.rate_plan_id,
                v_in, v_out, (p->'split'->v_got->>'adults')::integer, (p->'split'->v_got->>'children')::integer,
                v_status, v_hold, v_price);
        v_rooms := v_rooms || jsonb_build_object('id', v_room.id, 'number', v_room.number);
        v_got := v_got + 1;
      EXCEPTION WHEN exclusion_violation THEN
        NULL; -- taken for some of these nights: the next room
      END;
      EXIT WHEN v_got = v_wanted;
    END LOOP;
  END LOOP;

  IF v_got < v_wanted THEN
    IF v_room_id IS NOT NULL THEN
      PERFORM hotel_refuse('room_unavailable', jsonb_build_object('roomId', v_room_id));
    END IF;
    PERFORM hotel_refuse('sold_out', jsonb_build_object('roomTypeId', v_type, 'available', v_got));
  END IF;

  v_outcome := jsonb_build_object(
    'txid', pg_current_xact_id()::xid::text,
    'now', now(),
    'currency', v_ctx.currency,
    'roomTypeName', v_ctx.room_type_name,
    'ratePlanId', v_ctx.rate_plan_id,
    'price', v_price,
    'holdExpiresAt', v_hold,
    'rooms', v_rooms);
  -- The first answer is kept for replays (no personal data: the skeleton has no guest).
  IF v_replay IS NOT NULL THEN
    INSERT INTO idempotency_keys (caller, key, request_hash, status_code, response)
    VALUES (v_replay->>'caller', v_replay->>'key', v_replay->>'request_hash', 201,
            jsonb_build_object('skeleton', v_replay->'skeleton', 'outcome', v_outcome));
  END IF;
  RETURN v_outcome;
END;
$$;
DROP FUNCTION IF EXISTS hotel_stay_restriction(uuid, uuid, date, date);
DELETE FROM rate_calendar WHERE price IS NULL;
ALTER TABLE rate_calendar
  DROP COLUMN stop_sell,
  DROP COLUMN closed_to_departure,
  DROP COLUMN closed_to_arrival,
  DROP COLUMN min_stay,
  ALTER COLUMN price SET NOT NULL;
