// The search's day arithmetic against the date library it replaced on the hot path.
import { CalendarDate } from "@internationalized/date";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, dateOfDay, dayNumber, nightsBetween, nightsOf } from "~/booking/dates";

const calendarDate = fc
  .record({
    year: fc.integer({ min: 5, max: 9995 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
  })
  .map(({ year, month, day }) => new CalendarDate(year, month, day).toString());

describe("day numbers", () => {
  it("count days as the calendar does, both ways, in every year from 5 to 9995 (the library counts eras below year 1)", () => {
    fc.assert(
      fc.property(calendarDate, fc.integer({ min: -800, max: 800 }), (date, days) => {
        const later = addDays(date, days);
        expect(dateOfDay(dayNumber(date))).toBe(date);
        expect(dayNumber(later) - dayNumber(date)).toBe(nightsBetween(date, later));
        expect(dateOfDay(dayNumber(date) + days)).toBe(later);
      }),
      { numRuns: 2000 },
    );
  });

  it("start at 1970-01-01 and cross leap days and years below 100", () => {
    expect(dayNumber("1970-01-01")).toBe(0);
    expect(nightsOf("2028-02-27", "2028-03-02")).toEqual(["2028-02-27", "2028-02-28", "2028-02-29", "2028-03-01"]);
    expect(nightsOf("0099-12-31", "0100-01-02")).toEqual(["0099-12-31", "0100-01-01"]);
    expect(nightsOf("2027-05-01", "2027-05-01")).toEqual([]);
  });
});
