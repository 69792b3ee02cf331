// What the board's loader reads: the property the manager looks after, its
// room types, and the same rows the board's shapes serve (same columns, same
// where clauses), so the first paint needs no JavaScript and no wait.
import type { Account } from "~/auth/session.server";
import { addDays, nightsBetween, parseIsoDate, todayIn } from "~/booking/dates";
import { listProperties } from "~/booking/property.server";
import { getPool } from "../../db/pool.server";
import { BOARD_NIGHTS, type BoardBooking, type BoardReservation, type BoardRoom } from "./model";

/** How far the board scrolls from today, either way. */
const SCROLL_DAYS = 28;

export type BoardWindow = {
  from: string;
  today: string;
  /** The reservations shape's window: the nights shown plus today's departures and the week ahead. */
  shapeFrom: string;
  shapeTo: string;
};

export function boardWindow(timeZone: string, requested: string | null): BoardWindow {
  const today = todayIn(timeZone);
  let from = requested && parseIsoDate(requested) ? requested : today;
  if (Math.abs(nightsBetween(today, from)) > SCROLL_DAYS) from = today;
  const start = from < today ? from : today;
  const end = addDays(from, BOARD_NIGHTS) > addDays(today, 7) ? addDays(from, BOARD_NIGHTS) : addDays(today, 7);
  return { from, today, shapeFrom: addDays(start, -1), shapeTo: end };
}

export async function boardProperty(account: Account, requested: string | null) {
  const properties = (await listProperties()).filter((property) => account.propertyIds.includes(property.id));
  const property = properties.find((candidate) => candidate.id === requested) ?? properties[0];
  return { property, properties: properties.map(({ id, name }) => ({ id, name })) };
}

export async function boardRows(propertyId: string, window: BoardWindow, dayStart: string) {
  const pool = getPool();
  const [rooms, reservations, bookings] = await Promise.all([
    pool.query<BoardRoom>(
      `SELECT id, number, floor, room_type_id, housekeeping_status, out_of_order FROM rooms WHERE property_id = $1`,
      [propertyId],
    ),
    pool.query<BoardReservation>(
      `SELECT id, booking_id, room_id, check_in, check_out, status::text AS status
         FROM reservations WHERE property_id = $1 AND check_out > $2::date AND check_in < $3::date`,
      [propertyId, window.shapeFrom, window.shapeTo],
    ),
    pool.query<BoardBooking>(
      `SELECT id, channel FROM bookings WHERE property_id = $1 AND created_at >= $2::timestamptz`,
      [propertyId, dayStart],
    ),
  ]);
  return { rooms: rooms.rows, reservations: reservations.rows, bookings: bookings.rows };
}
