-- Up Migration
--
-- The audit trail's "who" can no longer be claimed by whoever holds a
-- database connection. Until now the actor was whatever the transaction had
-- put in the setting hotel.actor, which any session may set to anything.
--
-- Now a transaction states its actor through hotel_act_as(), a function that
-- runs with the owner's rights: a person acts only with their session's raw
-- token (the sessions table keeps only its SHA-256, so reading that table
-- does not let anyone act as someone else); a process acts under a system:
-- name, never under an account. hotel_act_as() signs what it accepted (a MAC
-- under a key only the owner role can read, bound to this backend and this
-- transaction), and every audit event takes its actor and channel from that
-- signed context alone: an event whose context is missing or forged is
-- recorded as 'db:<role>', which is who really wrote it.
--
-- Deleting a reservation is audited too (the app role cannot delete them at
-- all; the owner can, and it shows), and TRUNCATE of reservations is refused.

CREATE TABLE audit_signing_key (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  key      bytea NOT NULL
);
-- gen_random_uuid() draws from the server's strong random source: two give 244 random bits.
INSERT INTO audit_signing_key (key) VALUES (uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()));

-- The MAC of an actor context: bound to the backend and to this transaction's start.
CREATE FUNCTION hotel_actor_mac(p_actor text, p_channel text) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT encode(sha256(k.key || sha256(k.key || convert_to(
           concat_ws('|', p_actor, p_channel, pg_backend_pid()::text, (extract(epoch FROM now()) * 1000000)::bigint::text),
           'UTF8'))), 'hex')
    FROM audit_signing_key k
$$;
-- Nobody but the owner's own functions may sign.
REVOKE ALL ON FUNCTION hotel_actor_mac(text, text) FROM PUBLIC;

CREATE FUNCTION hotel_act_as(p_token text, p_name text, p_channel text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  v_actor text;
BEGIN
  IF p_channel IS NULL OR p_channel NOT IN ('online', 'front_desk', 'ota', 'system') THEN
    RAISE EXCEPTION 'unknown channel %', p_channel USING ERRCODE = '22023';
  END IF;
  IF p_token IS NOT NULL THEN
    SELECT 'account:' || s.user_id INTO v_actor
      FROM sessions s JOIN accounts a ON a.id = s.user_id
     WHERE s.id = encode(sha256(convert_to(p_token, 'UTF8')), 'hex')
       AND s.expires_at > now() AND s.stage = 'full' AND a.disabled_at IS NULL;
    IF v_actor IS NULL THEN
      RAISE EXCEPTION 'no live session for this token' USING ERRCODE = '28000';
    END IF;
  ELSIF p_name ~ '^system:[a-z0-9-]{1,60}$' THEN
    v_actor := p_name;
  ELSE
    RAISE EXCEPTION 'an actor is a live session or a system: name, not %', p_name USING ERRCODE = '42501';
  END IF;
  PERFORM set_config('hotel.actor', v_actor, true),
          set_config('hotel.channel', p_channel, true),
          set_config('hotel.actor_mac', hotel_actor_mac(v_actor, p_channel), true);
END;
$$;

-- The verified actor of this transaction, or who really holds the connection.
CREATE FUNCTION hotel_current_actor(OUT actor text, OUT channel text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  v_actor   text := nullif(current_setting('hotel.actor', true), '');
  v_channel text := nullif(current_setting('hotel.channel', true), '');
  v_mac     text := nullif(current_setting('hotel.actor_mac', true), '');
BEGIN
  IF v_actor IS NOT NULL AND v_channel IS NOT NULL AND v_mac IS NOT NULL
     AND v_mac = hotel_actor_mac(v_actor, v_channel) THEN
    actor := v_actor;
    channel := v_channel;
  ELSE
    actor := 'db:' || session_user;
    channel := 'system';
  END IF;
END;
$$;

-- Whatever an INSERT says, an audit event's actor is the verified one.
CREATE FUNCTION audit_events_stamp_actor() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  SELECT c.actor, c.channel INTO NEW.actor, NEW.channel FROM hotel_current_actor() c;
  RETURN NEW;
END;
$$;
CREATE TRIGGER audit_events_stamp_actor BEFORE INSERT ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_stamp_actor();

-- Reservations: deletions are audited as well as inserts and updates.
CREATE OR REPLACE FUNCTION reservations_audit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  diff jsonb := '{}';
  act  text;
  r    reservations;
BEGIN
  IF TG_OP = 'INSERT' OR TG_OP = 'DELETE' THEN
    r := CASE WHEN TG_OP = 'INSERT' THEN NEW ELSE OLD END;
    act := CASE WHEN TG_OP = 'INSERT' THEN 'reservation.created' ELSE 'reservation.deleted' END;
    diff := jsonb_build_object(
      'status', r.status, 'room_id', r.room_id, 'room_type_id', r.room_type_id,
      'check_in', r.check_in, 'check_out', r.check_out, 'price', r.price,
      'hold_expires_at', r.hold_expires_at);
  ELSE
    r := NEW;
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
  -- actor and channel are stamped by audit_events_stamp_actor.
  INSERT INTO audit_events (actor, channel, action, entity_type, entity_id, property_id, booking_id, changes)
  VALUES ('', '', act, 'reservation', r.id, r.property_id, r.booking_id, diff);
  RETURN NULL;
END;
$$;
DROP TRIGGER reservations_audit ON reservations;
CREATE TRIGGER reservations_audit AFTER INSERT OR UPDATE OR DELETE ON reservations
  FOR EACH ROW EXECUTE FUNCTION reservations_audit();

CREATE FUNCTION reservations_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'reservations cannot be truncated: every removal is audited row by row'
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER reservations_no_truncate BEFORE TRUNCATE ON reservations
  FOR EACH STATEMENT EXECUTE FUNCTION reservations_no_truncate();

-- Down Migration
DROP TRIGGER IF EXISTS reservations_no_truncate ON reservations;
DROP FUNCTION IF EXISTS reservations_no_truncate;
DROP TRIGGER IF EXISTS reservations_audit ON reservations;
CREATE TRIGGER reservations_audit AFTER INSERT OR UPDATE ON reservations
  FOR EACH ROW EXECUTE FUNCTION reservations_audit();
DROP TRIGGER IF EXISTS audit_events_stamp_actor ON audit_events;
DROP FUNCTION IF EXISTS audit_events_stamp_actor, hotel_current_actor, hotel_act_as, hotel_actor_mac;
DROP TABLE IF EXISTS audit_signing_key;
