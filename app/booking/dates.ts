// Calendar dates of a stay. A stay's dates are days in the property's time
// zone, never instants; they travel as 'YYYY-MM-DD' strings and are computed
// with @internationalized/date (the date library react-aria uses too).
import { CalendarDate, parseDate, today } from "@internationalized/date";

export const MAX_NIGHTS = 30;
/** How far ahead a stay may start: the rate calendar is published 18 months out. */
export const MAX_DAYS_AHEAD = 550;

export function parseIsoDate(value: string): CalendarDate | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  try {
    const date = parseDate(value);
    // parseDate clamps 2026-02-30 to 2026-02-28; a clamped date is a wrong date.
    return date.toString() === value ? date : undefined;
  } catch {
    return undefined;
  }
}

export function nightsBetween(checkIn: string, checkOut: string): number {
  return parseDate(checkOut).compare(parseDate(checkIn));
}

export function addDays(date: string, days: number): string {
  return parseDate(date).add({ days }).toString();
}

const todays = new Map<string, { value: string; until: number }>();

/** Today in a time zone. Asked on every search, so each zone's answer is kept for a second. */
export function todayIn(timeZone: string): string {
  const now = Date.now();
  const known = todays.get(timeZone);
  if (known && now < known.until) return known.value;
  const value = today(timeZone).toString();
  todays.set(timeZone, { value, until: now + 1000 });
  return value;
}

const DAY_MS = 86_400_000;

/**
 * A valid 'YYYY-MM-DD' date as a whole number of days since 1970-01-01.
 * Searches count nights by the thousand: this is plain arithmetic on the
 * proleptic Gregorian calendar, as @internationalized/date's is.
 */
export function dayNumber(date: string): number {
  // setUTCFullYear, not Date.UTC: that one reads the years 0 to 99 as 1900 to 1999.
  const instant = new Date(0);
  instant.setUTCFullYear(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return instant.getTime() / DAY_MS;
}

/** The 'YYYY-MM-DD' date of a day number (dayNumber's inverse). */
export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Every night of a stay: check-in day up to, not including, check-out day. */
export function nightsOf(checkIn: string, checkOut: string): string[] {
  const nights: string[] = [];
  for (let day = dayNumber(checkIn), end = dayNumber(checkOut); day < end; day++) nights.push(dateOfDay(day));
  return nights;
}
