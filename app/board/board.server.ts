// What the board's loader reads: the property the manager looks after, its
// room types, and the same rows the board's shapes serve (same columns, same
// where clauses), so the first paint needs no JavaScript and no wait.
import type { Account } from "~/auth/session.server";
import { addDays, nightsBetween, parseIsoDate, todayIn } from "~/booking/dates";
import { readShape } from "~/sync/shape-rows.server";
import { BOARD_NIGHTS, type BoardBlock, type BoardBooking, type BoardReservation, type BoardRoom } from "./model";

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

export { propertyOfAccount as boardProperty } from "~/booking/property.server";

/** The rows of the board's four shapes, read as the shapes define them. */
export async function boardRows(account: Account, property: { id: string; timeZone: string }, range: BoardWindow) {
  const context = { accountId: account.id, timeZone: property.timeZone };
  const [rooms, reservations, bookings, blocks] = await Promise.all([
    readShape<BoardRoom>("rooms", { propertyId: property.id }, context),
    readShape<BoardReservation>(
      "reservations",
      { propertyId: property.id, from: range.shapeFrom, to: range.shapeTo },
      context,
    ),
    readShape<BoardBooking>("bookings-since", { propertyId: property.id, day: range.today }, context),
    readShape<BoardBlock>("room-blocks", { propertyId: property.id }, context),
  ]);
  return { rooms, reservations, bookings, blocks };
}
