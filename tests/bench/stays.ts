// The stays every phase asks for, drawn the same way for the API and for the
// SQL ceilings: a room type of the property at random, arrival on one of the
// next WINDOW_DAYS days, 1 to 3 nights. Calendar arithmetic is on plain
// 'YYYY-MM-DD' strings in UTC, which is exact for whole days.

/** Random stays start within this many days from tomorrow. */
export const WINDOW_DAYS = 500;

export type Stay = { checkIn: string; checkOut: string };

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Today's date in a time zone, as 'YYYY-MM-DD'. */
export function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    new Date(),
  );
}

export function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)];
}

/** Arrival on one of `spanDays` days from `firstDay`, for 1 to 3 nights. */
export function randomStay(firstDay: string, spanDays: number = WINDOW_DAYS): Stay {
  const start = Math.floor(Math.random() * spanDays);
  const nights = 1 + Math.floor(Math.random() * 3);
  return { checkIn: addDays(firstDay, start), checkOut: addDays(firstDay, start + nights) };
}
