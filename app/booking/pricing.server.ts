// What a night costs, written once for every query that prices a stay
// (availability and quotes, booking, changing dates): a room type's night
// under a rate plan costs that night's price in the rate calendar, else the
// room type's base rate. Integer minor units of the property's currency.
//
// These are SQL fragments to place inside a query, so a price is never a
// round trip of its own; the arguments are SQL (a table alias, a column, a
// placeholder), never values.

export type PricedStay = {
  /** Alias of the `room_types` row being priced. */
  roomType: string;
  /** The rate plan's id, as SQL. */
  ratePlanId: string;
  checkIn: string;
  checkOut: string;
};

/** One row per night of [checkIn, checkOut): `night` (date) and its `price` (bigint). Use in FROM. */
export function nightlyPrices(stay: PricedStay): string {
  return `SELECT n.night::date AS night, coalesce(rc.price, ${stay.roomType}.base_rate) AS price
            FROM generate_series(${stay.checkIn}::date, ${stay.checkOut}::date - 1, interval '1 day') AS n(night)
            LEFT JOIN rate_calendar rc
              ON rc.rate_plan_id = ${stay.ratePlanId} AND rc.room_type_id = ${stay.roomType}.id
             AND rc.night = n.night::date`;
}

/** The stay's total for one room (bigint), as a scalar expression. */
export function stayPrice(stay: PricedStay): string {
  return `(SELECT coalesce(sum(priced.price), 0) FROM (${nightlyPrices(stay)}) AS priced)::bigint`;
}
