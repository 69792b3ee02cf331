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
  // The rule itself is the SQL function hotel_nightly_prices (migration 015),
  // which the booking statement uses too; the planner inlines it.
  return `SELECT night, price
            FROM hotel_nightly_prices(${stay.roomType}.id, ${stay.ratePlanId}, ${stay.checkIn}::date, ${stay.checkOut}::date)`;
}

/** The stay's total for one room (bigint), as a scalar expression. */
export function stayPrice(stay: PricedStay): string {
  return `(SELECT coalesce(sum(priced.price), 0) FROM (${nightlyPrices(stay)}) AS priced)::bigint`;
}
