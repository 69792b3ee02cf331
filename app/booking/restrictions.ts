// The rate calendar's restrictions (issue 11), for the availability search:
// the same rule the booking statement applies in SQL (hotel_stay_restriction,
// migration 017), so a search never offers what a booking would refuse.
//
// Per rate plan, room type and date a manager may set a minimum stay for
// arrivals that day, close the day to arrivals or to departures, or stop
// selling it. A stay of [checkIn, checkOut) breaks, checked in this order and
// the earliest date first within each: stop-sell on one of its nights; closed
// to arrival on its arrival day; closed to departure on its departure day;
// its arrival day's minimum stay.
import { nightsBetween } from "./dates";

export type RestrictionRule = "stop_sell" | "closed_to_arrival" | "closed_to_departure" | "min_stay";

/** The rule a stay breaks, the date that says so, and for a minimum stay its length. */
export type Restriction = { rule: RestrictionRule; date: string; minStay?: number };

/** A calendar day with a restriction: [rate plan id, room type id, date, min stay, CTA, CTD, stop-sell]. */
export type RestrictionRow = [string, string, string, number | null, boolean, boolean, boolean];

const ORDER: RestrictionRule[] = ["stop_sell", "closed_to_arrival", "closed_to_departure", "min_stay"];

/** The restriction a stay breaks under one rate plan and room type, given that plan and type's rows (any order). */
export function stayRestriction(
  rows: readonly RestrictionRow[],
  stay: { checkIn: string; checkOut: string },
): Restriction | undefined {
  const nights = nightsBetween(stay.checkIn, stay.checkOut);
  let found: Restriction | undefined;
  for (const [, , date, minStay, closedToArrival, closedToDeparture, stopSell] of rows) {
    if (date < stay.checkIn || date > stay.checkOut) continue;
    const rule: RestrictionRule | undefined =
      stopSell && date < stay.checkOut
        ? "stop_sell"
        : closedToArrival && date === stay.checkIn
          ? "closed_to_arrival"
          : closedToDeparture && date === stay.checkOut
            ? "closed_to_departure"
            : minStay !== null && minStay > nights && date === stay.checkIn
              ? "min_stay"
              : undefined;
    if (!rule) continue;
    const earlier =
      !found ||
      ORDER.indexOf(rule) < ORDER.indexOf(found.rule) ||
      (ORDER.indexOf(rule) === ORDER.indexOf(found.rule) && date < found.date);
    if (earlier) found = rule === "min_stay" ? { rule, date, minStay: minStay! } : { rule, date };
  }
  return found;
}

/** Whether a calendar day restricts anything at all (the rows a search needs). */
export function restricts(day: {
  min_stay: number | null;
  closed_to_arrival: boolean;
  closed_to_departure: boolean;
  stop_sell: boolean;
}): boolean {
  return day.min_stay !== null || day.closed_to_arrival || day.closed_to_departure || day.stop_sell;
}
