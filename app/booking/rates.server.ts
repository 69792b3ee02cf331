// The rate calendar as managers see and change it (issue 11): per rate plan,
// room type and date, the night's price (or the room type's base rate) and
// its restrictions. Each change is one SERIALIZABLE transaction, audited by
// the database (rate_calendar_audit, migration 017); bookings already made
// keep their price (a reservation carries its own).
import { currentTxid } from "./booking.server";
import { DomainError } from "~/domain/errors";
import { getPool, withSerializableTx, type Actor } from "../../db/pool.server";
import { dateOfDay, dayNumber } from "./dates";

export type CalendarNight = {
  date: string;
  /** What the night costs under the plan: the calendar's price, else the room type's base rate. */
  price: number;
  /** True when the calendar sets the price; false when it is the base rate. */
  priceSet: boolean;
  minStay: number | null;
  closedToArrival: boolean;
  closedToDeparture: boolean;
  stopSell: boolean;
};

export type RateCalendar = {
  propertyId: string;
  currency: string;
  from: string;
  to: string;
  ratePlans: {
    ratePlanId: string;
    code: string;
    name: string;
    isDefault: boolean;
    /** A derived plan's parent and adjustment: its prices follow the parent's. */
    derivedFrom: { ratePlanId: string; percent: number } | null;
    roomTypes: { roomTypeId: string; code: string; name: string; baseRate: number; nights: CalendarNight[] }[];
  }[];
};

/** The calendar of a property's rate plans from `from` to `to` (both included), for one room type or all. */
export async function readRateCalendar(query: {
  propertyId: string;
  roomTypeId?: string;
  from: string;
  to: string;
}): Promise<RateCalendar> {
  const { rows } = await getPool().query<{ calendar: RateCalendar | null }>(
    `SELECT (SELECT json_build_object(
        'propertyId', p.id, 'currency', p.currency, 'from', $3::date, 'to', $4::date,
        'ratePlans', coalesce((
          SELECT json_agg(json_build_object(
                   'ratePlanId', rp.id, 'code', rp.code, 'name', rp.name, 'isDefault', rp.is_default,
                   'derivedFrom', CASE WHEN rp.derived_from IS NOT NULL THEN
                     json_build_object('ratePlanId', rp.derived_from, 'percent', rp.derived_adjustment) END,
                   'roomTypes', (
                     SELECT coalesce(json_agg(json_build_object(
                              'roomTypeId', rt.id, 'code', rt.code, 'name', rt.name, 'baseRate', rt.base_rate,
                              'nights', (
                                SELECT json_agg(json_build_object(
                                         'date', d.day::date,
                                         'price', CASE WHEN rp.derived_from IS NULL THEN coalesce(rc.price, rt.base_rate)
                                                       ELSE round(coalesce(pc.price, rt.base_rate)
                                                                  * (100 + rp.derived_adjustment) / 100)::bigint END,
                                         'priceSet', rc.price IS NOT NULL AND rp.derived_from IS NULL,
                                         'minStay', rc.min_stay,
                                         'closedToArrival', coalesce(rc.closed_to_arrival, false),
                                         'closedToDeparture', coalesce(rc.closed_to_departure, false),
                                         'stopSell', coalesce(rc.stop_sell, false)) ORDER BY d.day)
                                  FROM generate_series($3::date, $4::date, interval '1 day') AS d(day)
                                  LEFT JOIN rate_calendar rc
                                    ON rc.rate_plan_id = rp.id AND rc.room_type_id = rt.id AND rc.night = d.day::date
                                  -- A derived plan's price follows its parent's (hotel_nightly_prices, migration 018).
                                  LEFT JOIN rate_calendar pc
                                    ON pc.rate_plan_id = rp.derived_from AND pc.room_type_id = rt.id
                                   AND pc.night = d.day::date))
                            ORDER BY rt.sort_order, rt.name), '[]')
                       FROM room_types rt
                      WHERE rt.property_id = p.id AND ($2::uuid IS NULL OR rt.id = $2::uuid)))
                 ORDER BY rp.is_default DESC, rp.name)
            FROM rate_plans rp WHERE rp.property_id = p.id), '[]'))
       FROM properties p WHERE p.id = $1) AS calendar`,
    [query.propertyId, query.roomTypeId ?? null, query.from, query.to],
  );
  const calendar = rows[0]?.calendar;
  if (!calendar) throw new DomainError("not_found", "No such property.", { field: "propertyId" });
  if (query.roomTypeId && calendar.ratePlans.every((plan) => plan.roomTypes.length === 0)) {
    throw new DomainError("not_found", "No such room type at this property.", { field: "roomTypeId" });
  }
  return calendar;
}

/** What a change sets on each of its days; a field left out stays as it is. */
export type DayValues = {
  price?: number | null;
  minStay?: number | null;
  closedToArrival?: boolean;
  closedToDeparture?: boolean;
  stopSell?: boolean;
};

export type RateChange = {
  propertyId: string;
  ratePlanId: string;
  /** The room types the change is about (each day's among them). */
  roomTypeIds: string[];
  /** Each day to change, with its room type and values. */
  days: ({ roomTypeId: string; date: string } & DayValues)[];
};

/**
 * Sets the given values on the given days, in one statement: days the
 * calendar has no row for start from the base rate and no restriction.
 * Answers how many days changed and the write's txid.
 */
export async function changeRates(change: RateChange, actor: Actor): Promise<{ days: number; txid: string }> {
  return withSerializableTx({ actor, label: "rates" }, async (tx) => {
    const { rows: found } = await tx.query<{ plan: boolean; derived: boolean; types: string[] }>(
      `SELECT EXISTS (SELECT 1 FROM rate_plans WHERE id = $2 AND property_id = $1) AS plan,
              EXISTS (SELECT 1 FROM rate_plans WHERE id = $2 AND derived_from IS NOT NULL) AS derived,
              ARRAY(SELECT id::text FROM room_types WHERE property_id = $1 AND id = ANY ($3::uuid[])) AS types`,
      [change.propertyId, change.ratePlanId, change.roomTypeIds],
    );
    if (!found[0].plan)
      throw new DomainError("not_found", "No such rate plan at this property.", { field: "ratePlanId" });
    if (found[0].derived && change.days.some((day) => day.price !== undefined)) {
      throw new DomainError("invalid_setting", "A derived plan's prices follow its parent plan.", { field: "price" });
    }
    const known = new Set(found[0].types);
    if ([...change.roomTypeIds, ...change.days.map((day) => day.roomTypeId)].some((id) => !known.has(id))) {
      throw new DomainError("not_found", "No such room type at this property.", { field: "roomTypeId" });
    }
    const days = change.days.map((day) => ({
      room_type_id: day.roomTypeId,
      night: day.date,
      set_price: day.price !== undefined,
      price: day.price ?? null,
      set_min_stay: day.minStay !== undefined,
      min_stay: day.minStay ?? null,
      closed_to_arrival: day.closedToArrival ?? null,
      closed_to_departure: day.closedToDeparture ?? null,
      stop_sell: day.stopSell ?? null,
    }));
    if (days.length === 0) return { days: 0, txid: await currentTxid(tx) };
    const { rowCount } = await tx.query(
      `INSERT INTO rate_calendar AS rc (rate_plan_id, room_type_id, night, price, min_stay,
                                        closed_to_arrival, closed_to_departure, stop_sell)
       SELECT $1::uuid, d.room_type_id, d.night,
              CASE WHEN d.set_price THEN d.price ELSE old.price END,
              CASE WHEN d.set_min_stay THEN d.min_stay ELSE old.min_stay END,
              coalesce(d.closed_to_arrival, old.closed_to_arrival, false),
              coalesce(d.closed_to_departure, old.closed_to_departure, false),
              coalesce(d.stop_sell, old.stop_sell, false)
         FROM jsonb_to_recordset($2::jsonb) AS d(room_type_id uuid, night date, set_price boolean, price bigint,
                                                 set_min_stay boolean, min_stay integer, closed_to_arrival boolean,
                                                 closed_to_departure boolean, stop_sell boolean)
         LEFT JOIN rate_calendar old
           ON old.rate_plan_id = $1::uuid AND old.room_type_id = d.room_type_id AND old.night = d.night
       ON CONFLICT (rate_plan_id, room_type_id, night) DO UPDATE
          SET price = EXCLUDED.price, min_stay = EXCLUDED.min_stay,
              closed_to_arrival = EXCLUDED.closed_to_arrival, closed_to_departure = EXCLUDED.closed_to_departure,
              stop_sell = EXCLUDED.stop_sell`,
      [change.ratePlanId, JSON.stringify(days)],
    );
    return { days: rowCount ?? 0, txid: await currentTxid(tx) };
  });
}

/**
 * The same values on every chosen weekday of [from, to] (both included), for
 * each room type: the bulk change of the API and of the setup page.
 */
export async function changeRatesInBulk(
  propertyId: string,
  bulk: { roomTypeIds: string[]; ratePlanId: string; from: string; to: string; weekdays?: number[] } & DayValues,
  actor: Actor,
): Promise<{ days: number; dates: string[]; txid: string }> {
  const { roomTypeIds, ratePlanId, from, to, weekdays, ...values } = bulk;
  const dates = daysOf({ from, to, weekdays });
  const types = [...new Set(roomTypeIds)];
  const days = types.flatMap((roomTypeId) => dates.map((date) => ({ roomTypeId, date, ...values })));
  return { ...(await changeRates({ propertyId, ratePlanId, roomTypeIds: types, days }, actor)), dates };
}

/** The days of [from, to] (both included) that fall on the given ISO weekdays (1 Monday … 7 Sunday; all if none). */
function daysOf(range: { from: string; to: string; weekdays?: number[] }): string[] {
  const weekdays = new Set(range.weekdays ?? [1, 2, 3, 4, 5, 6, 7]);
  const days: string[] = [];
  for (let day = dayNumber(range.from), last = dayNumber(range.to); day <= last; day++) {
    // Day 0 (1970-01-01) was a Thursday, ISO weekday 4.
    if (weekdays.has(((day + 3) % 7) + 1)) days.push(dateOfDay(day));
  }
  return days;
}
