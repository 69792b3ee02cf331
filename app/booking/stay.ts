// Rules every stay obeys, whichever channel asks: real dates, check-out after
// check-in, at most MAX_NIGHTS nights, not in the past in the property's
// time zone and not beyond the published calendar. A stay already under way
// (a guest in house) changes only its check-out, and not to before tomorrow.
import { DomainError } from "~/domain/errors";
import { MAX_DAYS_AHEAD, MAX_NIGHTS, addDays, nightsBetween, parseIsoDate, todayIn } from "./dates";

export type Stay = { checkIn: string; checkOut: string };

export function assertValidStay(stay: Stay, timeZone: string): number {
  const nights = assertStayShape(stay);
  const today = todayIn(timeZone);
  if (stay.checkIn < today) {
    throw new DomainError("invalid_stay", "Check-in cannot be in the past.", { field: "checkIn", today });
  }
  if (stay.checkIn > addDays(today, MAX_DAYS_AHEAD)) {
    throw new DomainError("invalid_stay", `Check-in can be at most ${MAX_DAYS_AHEAD} days ahead.`, {
      field: "checkIn",
    });
  }
  return nights;
}

/**
 * The rules that need no clock: real dates, check-out after check-in, at most
 * MAX_NIGHTS nights. The booking statement checks the rest against the
 * property's own clock (migration 015). Returns the nights.
 */
export function assertStayShape(stay: Stay): number {
  if (!parseIsoDate(stay.checkIn) || !parseIsoDate(stay.checkOut)) {
    throw new DomainError("invalid_stay", "Dates must be real calendar dates (YYYY-MM-DD).");
  }
  const nights = nightsBetween(stay.checkIn, stay.checkOut);
  if (nights < 1) throw new DomainError("invalid_stay", "Check-out must be after check-in.", { field: "checkOut" });
  if (nights > MAX_NIGHTS) {
    throw new DomainError("invalid_stay", `A stay can be at most ${MAX_NIGHTS} nights.`, { field: "checkOut" });
  }
  return nights;
}

/**
 * New dates for a guest in house: the arrival stays as it was (it is in the
 * past or today), the departure no earlier than tomorrow in the property's
 * time zone (leaving today is a check-out), at most MAX_NIGHTS nights in all.
 */
export function assertValidInHouseStay(stay: Stay, arrived: string, timeZone: string): number {
  if (!parseIsoDate(stay.checkIn) || !parseIsoDate(stay.checkOut)) {
    throw new DomainError("invalid_stay", "Dates must be real calendar dates (YYYY-MM-DD).");
  }
  if (stay.checkIn !== arrived) {
    throw new DomainError("invalid_stay", "A guest in house keeps their arrival day: change the departure only.", {
      field: "checkIn",
    });
  }
  const tomorrow = addDays(todayIn(timeZone), 1);
  if (stay.checkOut < tomorrow) {
    throw new DomainError("invalid_stay", "A guest in house leaves tomorrow at the earliest: check them out instead.", {
      field: "checkOut",
      tomorrow,
    });
  }
  const nights = nightsBetween(stay.checkIn, stay.checkOut);
  if (nights > MAX_NIGHTS) {
    throw new DomainError("invalid_stay", `A stay can be at most ${MAX_NIGHTS} nights.`, { field: "checkOut" });
  }
  return nights;
}
