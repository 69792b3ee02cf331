-- Up Migration
--
-- Reads of a property's reservations by window, flat in its history (issue
-- 18). Read on a database of a million reservations over 50 hotels (four
-- years each), the live board's window (check_out > from AND check_in < to)
-- and the desk's day (arrivals, guests in house, departures) both walked the
-- property's whole history through (property_id, check_in) and filtered
-- 20,000 rows to keep a few hundred: 29 ms and 22 ms, growing every year.
-- Departures and windows are found by their end, which for history lies in
-- the past; guests in house are few at any time.
CREATE INDEX reservations_property_check_out_idx ON reservations (property_id, check_out);
CREATE INDEX reservations_in_house_idx ON reservations (property_id) WHERE status = 'checked_in';

-- Down Migration
DROP INDEX IF EXISTS reservations_in_house_idx;
DROP INDEX IF EXISTS reservations_property_check_out_idx;
