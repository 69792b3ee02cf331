-- Up Migration
--
-- A booking decided in one statement, with the exclusion constraint as the
-- arbiter (issue 18, decision record 020).
--
-- Until now a booking first looked for a free room with NOT EXISTS over
-- reservations inside its SERIALIZABLE transaction. That read takes
-- predicate locks on the few index pages a small hotel's reservations live
-- on, so concurrent bookings of different rooms looked like conflicts to each
-- other and were retried by the thousand. Here no reservation is read at
-- all: the type's rooms are tried in a per-stay order, each row-locked with
-- SKIP LOCKED (racing bookers spread over rooms instead of queueing on one)
-- and inserted, both under a savepoint (a room found taken is unlocked at
-- once); the exclusion constraint refuses a room that is taken (23P01) and
-- the next one is tried. The constraint's own check reads with a dirty
-- snapshot and takes no predicate lock. Rooms locked by someone else are
-- tried last: those a committed stay already takes are skipped (a read, only
-- on this path, when the unlocked rooms ran out), the others waited for, so
-- "sold out" is never said while a room is merely locked by a transaction
-- that may still roll back, and nobody queues behind a room that is taken.
--
-- The statement runs as its own SERIALIZABLE transaction (the caller's
-- connection defaults to it) and is the whole booking: actor, catalogue,
-- rules that need the property's clock, guest, booking, reservations and the
-- idempotency record. A refusal is raised as SQLSTATE P0001 with the message
-- 'hotel:<code>' and a JSON detail, which the application turns into its
-- domain error. Overdue holds in the way are expired by the caller, outside
-- this transaction, when it is refused (app/booking/booking.server.ts).

-- What a night costs: that night's price in the rate calendar, else the room
-- type's base rate. One spelling for every query that prices a stay
-- (app/booking/pricing.server.ts wraps it); inlined by the planner.
CREATE FUNCTION hotel_nightly_prices(p_room_type uuid, p_rate_plan uuid, p_check_in date, p_check_out date)
RETURNS TABLE (night date, price bigint) LANGUAGE sql STABLE AS $$
  SELECT n.night::date, coalesce(rc.price, rt.base_rate)
    FROM room_types rt
   CROSS JOIN generate_series(p_check_in, p_check_out - 1, interval '1 day') AS n(night)
    LEFT JOIN rate_calendar rc
      ON rc.rate_plan_id = p_rate_plan AND rc.room_type_id = rt.id AND rc.night = n.night::date
   WHERE rt.id = p_room_type
$$;

CREATE FUNCTION hotel_refuse(p_code text, p_detail jsonb) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'hotel:' || p_code, DETAIL = p_detail::text;
END;
$$;

-- p: {property_id, room_type_id, rate_plan_id?, check_in, check_out, status
--     ('confirmed' | 'held'), needs[], room_id?, prefer[]?, max_days_ahead,
--     party, split [{adults, children}] (one per room), reservation_ids[],
--     booking {id, reference, account_id, channel},
--     guest? {id, account_id, data_key, pii_enc, email_index},
--     replay? {caller, key, request_hash, skeleton}, likely_full?}
-- Returns {txid, now, currency, roomTypeName, ratePlanId, price (one room's
-- stay), holdExpiresAt, rooms [{id, number}]}.
CREATE FUNCTION hotel_book(p jsonb, p_token text, p_actor text, p_channel text) RETURNS jsonb
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

-- Down Migration
DROP FUNCTION IF EXISTS hotel_book(jsonb, text, text, text);
DROP FUNCTION IF EXISTS hotel_refuse(text, jsonb);
DROP FUNCTION IF EXISTS hotel_nightly_prices(uuid, uuid, date, date);
