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

/** Every night of a stay: check-in day up to, not including, check-out day. */
export function nightsOf(checkIn: string, checkOut: string): string[] {
  const nights: string[] = [];
  for (let night = parseDate(checkIn); night.compare(parseDate(checkOut)) < 0; night = night.add({ days: 1 })) {
    nights.push(night.toString());
  }
  return nights;
}
