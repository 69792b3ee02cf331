// Availability search: for each room type of a property, how many concrete
// rooms are free on every night of the stay (and so bookable, since a stay is
// one room throughout), how many are free on each night, and the price under
// each rate plan. Overdue holds count as free even before the sweeper runs.
import { getPool } from "../../db/pool.server";
import { DomainError } from "~/domain/errors";
import { nightsOf } from "./dates";
import { occupiesNow } from "./occupancy.server";
import { nightlyPrices } from "./pricing.server";
import { getPropertyRules } from "./property.server";
import { assertValidStay } from "./stay";

export type AvailabilityQuery = {
  propertyId: string;
  checkIn: string;
  checkOut: string;
  adults: number;
  children?: number;
  rooms?: number;
  accessibility?: string[];
};

export type RatePlanQuote = {
  ratePlanId: string;
  code: string;
  name: string;
  refundable: boolean;
  cancellationHours: number | null;
  isDefault: boolean;
  /** Integer minor units of the currency, for all rooms asked for. */
  totalPrice: number;
  nightlyPrices: { date: string; price: number }[];
};

export type RoomTypeAvailability = {
  id: string;
  roomTypeId: string;
  code: string;
  name: string;
  description: string;
  capacity: number;
  currency: string;
  /** Features found in the rooms of this type that match the search. */
  accessibilityFeatures: string[];
  /** Rooms free on every night of the stay: what can be booked. */
  available: number;
  soldOut: boolean;
  freeByNight: { date: string; free: number }[];
  /** The default rate plan's total, for all rooms asked for. */
  totalPrice: number;
  ratePlanId: string;
  ratePlans: RatePlanQuote[];
};

export type AvailabilityResult = {
  propertyId: string;
  checkIn: string;
  checkOut: string;
  nights: number;
  adults: number;
  children: number;
  rooms: number;
  accessibility: string[];
  currency: string;
  roomTypes: RoomTypeAvailability[];
};

type RoomRow = { id: string; room_type_id: string; accessibility: string[] };
type BusyRow = { room_id: string; check_in: string; check_out: string };
type TypeRow = { id: string; code: string; name: string; description: string; capacity: number };
type PriceRow = {
  rate_plan_id: string;
  code: string;
  name: string;
  refundable: boolean;
  cancellation_hours: number | null;
  is_default: boolean;
  room_type_id: string;
  night: string;
  price: number;
};

export async function searchAvailability(query: AvailabilityQuery): Promise<AvailabilityResult> {
  const property = await getPropertyRules(query.propertyId);
  if (!property) throw new DomainError("not_found", "No such property.", { field: "propertyId" });
  const nightsCount = assertValidStay(query, property.timeZone);
  const needs = [...new Set(query.accessibility ?? [])].sort();
  const children = query.children ?? 0;
  const roomsWanted = query.rooms ?? 1;
  const party = query.adults + children;
  const pool = getPool();

  const [types, rooms, busy, prices] = await Promise.all([
    pool.query<TypeRow>(
      `SELECT id, code, name, description, capacity FROM room_types
        WHERE property_id = $1 AND capacity * $2::int >= $3::int
        ORDER BY sort_order, name`,
      [query.propertyId, roomsWanted, party],
    ),
    pool.query<RoomRow>(
      `SELECT id, room_type_id, accessibility FROM rooms
        WHERE property_id = $1 AND NOT out_of_order AND accessibility @> $2::text[]`,
      [query.propertyId, needs],
    ),
    pool.query<BusyRow>(
      `SELECT x.room_id, x.check_in, x.check_out FROM reservations x
        WHERE x.property_id = $1 AND x.stay && daterange($2::date, $3::date, '[)') AND ${occupiesNow("x")}`,
      [query.propertyId, query.checkIn, query.checkOut],
    ),
    pool.query<PriceRow>(
      `SELECT rp.id AS rate_plan_id, rp.code, rp.name, rp.refundable, rp.cancellation_hours, rp.is_default,
              rt.id AS room_type_id, n.night::text AS night, n.price
         FROM rate_plans rp
         JOIN room_types rt ON rt.property_id = rp.property_id
         CROSS JOIN LATERAL (${nightlyPrices({ roomType: "rt", ratePlanId: "rp.id", checkIn: "$2", checkOut: "$3" })}) AS n
        WHERE rp.property_id = $1
        ORDER BY rp.is_default DESC, rp.name, n.night`,
      [query.propertyId, query.checkIn, query.checkOut],
    ),
  ]);

  const nights = nightsOf(query.checkIn, query.checkOut);
  const busyNights = new Map<string, Set<string>>();
  for (const row of busy.rows) {
    const set = busyNights.get(row.room_id) ?? new Set<string>();
    for (const night of nightsOf(row.check_in, row.check_out)) set.add(night);
    busyNights.set(row.room_id, set);
  }

  const roomTypes = types.rows.map((type): RoomTypeAvailability => {
    const typeRooms = rooms.rows.filter((room) => room.room_type_id === type.id);
    const freeByNight = nights.map((date) => ({
      date,
      free: typeRooms.filter((room) => !busyNights.get(room.id)?.has(date)).length,
    }));
    const available = typeRooms.filter((room) => !nights.some((night) => busyNights.get(room.id)?.has(night))).length;
    const plans = new Map<string, RatePlanQuote>();
    for (const row of prices.rows) {
      if (row.room_type_id !== type.id) continue;
      const plan = plans.get(row.rate_plan_id) ?? {
        ratePlanId: row.rate_plan_id,
        code: row.code,
        name: row.name,
        refundable: row.refundable,
        cancellationHours: row.cancellation_hours,
        isDefault: row.is_default,
        totalPrice: 0,
        nightlyPrices: [],
      };
      plan.nightlyPrices.push({ date: row.night, price: row.price });
      plan.totalPrice += row.price * roomsWanted;
      plans.set(row.rate_plan_id, plan);
    }
    const ratePlans = [...plans.values()];
    const main = ratePlans[0];
    return {
      id: type.id,
      roomTypeId: type.id,
      code: type.code,
      name: type.name,
      description: type.description,
      capacity: type.capacity,
      currency: property.currency,
      accessibilityFeatures: [...new Set(typeRooms.flatMap((room) => room.accessibility))].sort(),
      available,
      soldOut: available < roomsWanted,
      freeByNight,
      totalPrice: main?.totalPrice ?? 0,
      ratePlanId: main?.ratePlanId ?? "",
      ratePlans,
    };
  });

  return {
    propertyId: query.propertyId,
    checkIn: query.checkIn,
    checkOut: query.checkOut,
    nights: nightsCount,
    adults: query.adults,
    children,
    rooms: roomsWanted,
    accessibility: needs,
    currency: property.currency,
    roomTypes,
  };
}
