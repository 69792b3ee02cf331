// Rules every stay obeys, whichever channel asks: real dates, check-out after
// check-in, at most MAX_NIGHTS nights, not in the past in the property's
// time zone and not beyond the published calendar.
import { DomainError } from "~/domain/errors";
import { MAX_DAYS_AHEAD, MAX_NIGHTS, addDays, nightsBetween, parseIsoDate, todayIn } from "./dates";

export type Stay = { checkIn: string; checkOut: string };

export function assertValidStay(stay: Stay, timeZone: string): number {
  if (!parseIsoDate(stay.checkIn) || !parseIsoDate(stay.checkOut)) {
    throw new DomainError("invalid_stay", "Dates must be real calendar dates (YYYY-MM-DD).");
  }
  const nights = nightsBetween(stay.checkIn, stay.checkOut);
  if (nights < 1) throw new DomainError("invalid_stay", "Check-out must be after check-in.", { field: "checkOut" });
  if (nights > MAX_NIGHTS) {
    throw new DomainError("invalid_stay", `A stay can be at most ${MAX_NIGHTS} nights.`, { field: "checkOut" });
  }
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
