-- Up Migration
--
-- The foundation of the booking engine. A booking is what a booker makes in
-- one go; it holds one or more reservations, each one concrete room for one
-- stay. The database itself refuses two active reservations of one room on
-- overlapping nights (the exclusion constraint below), refuses illegal state
-- changes (a trigger), and writes an audit event for every change of a
-- reservation in the same transaction (another trigger), so no code path -
-- not even a manual psql session - can double-book or change a stay silently.

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE properties (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug           text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  time_zone      text NOT NULL,
  currency       char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  hold_minutes   integer NOT NULL DEFAULT 10 CHECK (hold_minutes BETWEEN 1 AND 240),
  check_in_time  time NOT NULL DEFAULT '15:00',
  check_out_time time NOT NULL DEFAULT '11:00',
  address        text,
  created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE room_types (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  property_id uuid NOT NULL REFERENCES properties (id),
  code        text NOT NULL CHECK (code ~ '^[A-Z0-9_]{1,16}$'),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description text NOT NULL DEFAULT '',
  capacity    integer NOT NULL CHECK (capacity BETWEEN 1 AND 12),
  -- Integer minor units of the property's currency, per night.
  base_rate   bigint NOT NULL CHECK (base_rate >= 0),
  sort_order  integer NOT NULL DEFAULT 0,
  UNIQUE (property_id, code),
  UNIQUE (id, property_id)
);

CREATE TABLE rooms (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  property_id         uuid NOT NULL REFERENCES properties (id),
  room_type_id        uuid NOT NULL,
  number              text NOT NULL CHECK (length(number) BETWEEN 1 AND 16),
  floor               integer NOT NULL,
  accessibility       text[] NOT NULL DEFAULT '{}' CHECK (
    accessibility <@ ARRAY['step_free', 'roll_in_shower', 'grab_bars', 'hearing_kit',
                           'visual_alarm', 'lowered_fixtures', 'wide_doorways']::text[]
  ),
  housekeeping_status text NOT NULL DEFAULT 'clean'
    CHECK (housekeeping_status IN ('clean', 'dirty', 'inspected')),
  out_of_order        boolean NOT NULL DEFAULT false,
  UNIQUE (property_id, number),
  UNIQUE (id, room_type_id),
  FOREIGN KEY (room_type_id, property_id) REFERENCES room_types (id, property_id)
);
CREATE INDEX rooms_room_type_idx ON rooms (room_type_id);

CREATE TABLE rate_plans (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  property_id         uuid NOT NULL REFERENCES properties (id),
  code                text NOT NULL CHECK (code ~ '^[A-Z0-9_]{1,16}$'),
  name                text NOT NULL,
  refundable          boolean NOT NULL DEFAULT true,
  -- Free cancellation until this many hours before the arrival day starts.
  cancellation_hours  integer CHECK (cancellation_hours >= 0),
  is_default          boolean NOT NULL DEFAULT false,
  UNIQUE (property_id, code),
  UNIQUE (id, property_id)
);
CREATE UNIQUE INDEX rate_plans_one_default ON rate_plans (property_id) WHERE is_default;

-- The price calendar: a nightly price per rate plan and room type; nights
-- without a row fall back to the room type's base rate.
CREATE TABLE rate_calendar (
  rate_plan_id uuid NOT NULL REFERENCES rate_plans (id),
  room_type_id uuid NOT NULL REFERENCES room_types (id),
  night        date NOT NULL,
  price        bigint NOT NULL CHECK (price >= 0),
  PRIMARY KEY (rate_plan_id, room_type_id, night)
);

-- Accounts and sessions are deliberately plain here; the sign-in work
-- hardens them (lucia-compatible shape: text ids, user_id, expires_at).
CREATE TABLE accounts (
  id            text PRIMARY KEY,
  email         text NOT NULL,
  password_hash text NOT NULL,
  role          text NOT NULL CHECK (role IN ('guest', 'front_desk', 'manager', 'auditor', 'admin')),
  display_name  text NOT NULL DEFAULT '',
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX accounts_email_key ON accounts (lower(email));

CREATE TABLE account_properties (
  account_id  text NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  property_id uuid NOT NULL REFERENCES properties (id),
  PRIMARY KEY (account_id, property_id)
);

CREATE TABLE sessions (
  -- SHA-256 of the bearer token, so a leaked table grants no access.
  id         text PRIMARY KEY,
  user_id    text NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE guests (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id text REFERENCES accounts (id),
  full_name  text NOT NULL,
  email      text,
  phone      text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX guests_account_idx ON guests (account_id);

CREATE TABLE bookings (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  reference   text NOT NULL UNIQUE CHECK (reference ~ '^[A-Z0-9]{4}-[A-Z0-9]{4}$'),
  property_id uuid NOT NULL REFERENCES properties (id),
  account_id  text REFERENCES accounts (id),
  guest_id    uuid REFERENCES guests (id),
  channel     text NOT NULL CHECK (channel IN ('online', 'front_desk', 'ota')),
  currency    char(3) NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX bookings_account_idx ON bookings (account_id);
CREATE INDEX bookings_property_created_idx ON bookings (property_id, created_at);

CREATE TYPE reservation_status AS ENUM (
  'held', 'confirmed', 'checked_in', 'checked_out', 'cancelled', 'no_show', 'expired'
);

CREATE TABLE reservations (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  booking_id      uuid NOT NULL REFERENCES bookings (id),
  property_id     uuid NOT NULL REFERENCES properties (id),
  room_type_id    uuid NOT NULL,
  room_id         uuid NOT NULL,
  rate_plan_id    uuid NOT NULL,
  check_in        date NOT NULL,
  check_out       date NOT NULL,
  stay            daterange GENERATED ALWAYS AS (daterange(check_in, check_out, '[)')) STORED,
  adults          integer NOT NULL CHECK (adults BETWEEN 1 AND 12),
  children        integer NOT NULL DEFAULT 0 CHECK (children BETWEEN 0 AND 12),
  status          reservation_status NOT NULL,
  hold_expires_at timestamptz,
  -- Total for the stay in integer minor units of the booking's currency.
  price           bigint NOT NULL CHECK (price >= 0),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (check_out > check_in),
  CHECK (check_out - check_in <= 365),
  CHECK (status <> 'held' OR hold_expires_at IS NOT NULL),
  -- A room belongs to the reserved room type, and both to the property.
  FOREIGN KEY (room_id, room_type_id) REFERENCES rooms (id, room_type_id),
  FOREIGN KEY (room_type_id, property_id) REFERENCES room_types (id, property_id),
  FOREIGN KEY (rate_plan_id, property_id) REFERENCES rate_plans (id, property_id),
  -- THE invariant: no two active reservations of one room share a night.
  CONSTRAINT reservations_no_double_booking EXCLUDE USING gist (
    room_id WITH =, stay WITH &&
  ) WHERE (status IN ('held', 'confirmed', 'checked_in'))
);
CREATE INDEX reservations_booking_idx ON reservations (booking_id);
CREATE INDEX reservations_property_check_in_idx ON reservations (property_id, check_in);
-- Allocation asks "is this room free from check-in on?" through btree
-- indexes rather than the GiST one: serializable transactions take predicate
-- locks on the index pages they read, and btree pages keyed by room keep
-- bookers of different rooms from looking like conflicts to each other.
-- INCLUDE lets the probe answer from the index, touching (and predicate-
-- locking) as few table rows as possible.
CREATE INDEX reservations_room_active_idx ON reservations (room_id, check_out) INCLUDE (check_in, id)
  WHERE status IN ('held', 'confirmed', 'checked_in');
CREATE INDEX reservations_holds_due_idx ON reservations (room_type_id, hold_expires_at) WHERE status = 'held';

-- Legal state changes only: held -> confirmed -> checked_in -> checked_out,
-- plus cancelled / no_show / expired. New reservations start held or confirmed.
CREATE FUNCTION reservation_transition_allowed(from_status reservation_status, to_status reservation_status)
RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT from_status = to_status OR (from_status, to_status) IN (
    ('held', 'confirmed'), ('held', 'cancelled'), ('held', 'expired'),
    ('confirmed', 'checked_in'), ('confirmed', 'cancelled'), ('confirmed', 'no_show'),
    ('checked_in', 'checked_out')
  );
$$;

CREATE FUNCTION reservations_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.status NOT IN ('held', 'confirmed') THEN
      RAISE EXCEPTION 'a reservation starts held or confirmed, not %', NEW.status
        USING ERRCODE = 'check_violation';
    END IF;
  ELSIF NOT reservation_transition_allowed(OLD.status, NEW.status) THEN
    RAISE EXCEPTION 'illegal reservation transition % -> %', OLD.status, NEW.status
      USING ERRCODE = 'check_violation';
  ELSIF OLD.status NOT IN ('held', 'confirmed', 'checked_in')
        AND (NEW.check_in, NEW.check_out, NEW.room_id) IS DISTINCT FROM (OLD.check_in, OLD.check_out, OLD.room_id) THEN
    RAISE EXCEPTION 'a % reservation cannot be changed', OLD.status
      USING ERRCODE = 'check_violation';
  END IF;
  IF TG_OP = 'UPDATE' THEN
    NEW.updated_at := now();
    IF OLD.status = 'held' AND NEW.status = 'confirmed' THEN
      NEW.hold_expires_at := NULL;
    END IF;
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER reservations_guard BEFORE INSERT OR UPDATE ON reservations
  FOR EACH ROW EXECUTE FUNCTION reservations_guard();

-- The audit trail: append-only. Who and which channel come from the
-- transaction's settings (hotel.actor, hotel.channel), set by the
-- transaction helper; the trigger below writes the event itself so that
-- no change of a reservation can escape it.
CREATE TABLE audit_events (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  txid        xid8 NOT NULL DEFAULT pg_current_xact_id(),
  actor       text NOT NULL,
  channel     text NOT NULL,
  action      text NOT NULL,
  entity_type text NOT NULL,
  entity_id   uuid NOT NULL,
  property_id uuid,
  booking_id  uuid,
  changes     jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_events_entity_idx ON audit_events (entity_id);
CREATE INDEX audit_events_property_idx ON audit_events (property_id, occurred_at);

CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

CREATE FUNCTION reservations_audit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  diff jsonb := '{}';
  act  text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    act := 'reservation.created';
    diff := jsonb_build_object(
      'status', NEW.status, 'room_id', NEW.room_id, 'room_type_id', NEW.room_type_id,
      'check_in', NEW.check_in, 'check_out', NEW.check_out, 'price', NEW.price,
      'hold_expires_at', NEW.hold_expires_at);
  ELSE
    IF NEW.status IS DISTINCT FROM OLD.status THEN
      diff := diff || jsonb_build_object('status', jsonb_build_array(OLD.status, NEW.status));
    END IF;
    IF NEW.room_id IS DISTINCT FROM OLD.room_id THEN
      diff := diff || jsonb_build_object('room_id', jsonb_build_array(OLD.room_id, NEW.room_id));
    END IF;
    IF (NEW.check_in, NEW.check_out) IS DISTINCT FROM (OLD.check_in, OLD.check_out) THEN
      diff := diff || jsonb_build_object(
        'check_in', jsonb_build_array(OLD.check_in, NEW.check_in),
        'check_out', jsonb_build_array(OLD.check_out, NEW.check_out));
    END IF;
    IF NEW.price IS DISTINCT FROM OLD.price THEN
      diff := diff || jsonb_build_object('price', jsonb_build_array(OLD.price, NEW.price));
    END IF;
    IF diff = '{}' THEN
      RETURN NULL;
    END IF;
    act := CASE
      WHEN NEW.status IS DISTINCT FROM OLD.status THEN 'reservation.' || NEW.status
      WHEN NEW.room_id IS DISTINCT FROM OLD.room_id THEN 'reservation.moved'
      ELSE 'reservation.changed'
    END;
  END IF;
  INSERT INTO audit_events (actor, channel, action, entity_type, entity_id, property_id, booking_id, changes)
  VALUES (
    coalesce(nullif(current_setting('hotel.actor', true), ''), 'db:' || session_user),
    coalesce(nullif(current_setting('hotel.channel', true), ''), 'system'),
    act, 'reservation', NEW.id, NEW.property_id, NEW.booking_id, diff);
  RETURN NULL;
END;
$$;
CREATE TRIGGER reservations_audit AFTER INSERT OR UPDATE ON reservations
  FOR EACH ROW EXECUTE FUNCTION reservations_audit();

-- Idempotency: the first successful result of a write, per caller and key.
CREATE TABLE idempotency_keys (
  caller       text NOT NULL,
  key          text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
  request_hash text NOT NULL,
  status_code  integer NOT NULL,
  response     jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (caller, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

-- Down Migration
DROP TABLE IF EXISTS idempotency_keys, audit_events, reservations, bookings, guests, sessions,
  account_properties, accounts, rate_calendar, rate_plans, rooms, room_types, properties CASCADE;
DROP TYPE IF EXISTS reservation_status;
DROP FUNCTION IF EXISTS reservation_transition_allowed, reservations_guard, reservations_audit,
  audit_events_append_only;
