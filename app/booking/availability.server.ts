// Availability search: for each room type of a property, how many concrete
// rooms are free on every night of the stay (and so bookable, since a stay is
// one room throughout), how many are free on each night, and the price under
// each rate plan. Overdue holds count as free even before the sweeper runs.
import { createHash } from "node:crypto";
import { getPool } from "../../db/pool.server";
import { DomainError } from "~/domain/errors";
import { nightsOf, todayIn } from "./dates";
import { occupiesNow } from "./occupancy.server";
import { nightlyPrices } from "./pricing.server";
import { stayRestriction, type Restriction, type RestrictionRow } from "./restrictions";
import { assertStayShape, assertValidStay } from "./stay";

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
  /** The rate calendar's rule this stay breaks under this plan (then it cannot be booked), or null. */
  restriction: Restriction | null;
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

export type TypeRow = { id: string; code: string; name: string; description: string; capacity: number };
/** [room id, room type id, accessibility, the stays occupying it in the asked nights as [check-in, check-out], or null] */
export type RoomRow = [string, string, string[], [string, string][] | null];
/** [rate plan id, code, name, refundable, cancellation hours, is default, room type id, night, price] */
export type PriceRow = [string, string, string, boolean, number | null, boolean, string, string, number];
/**
 * What a search reads, from the database or from a live copy of it: the
 * property, its room types that sleep the party (by sort order, name), its
 * rooms in service with the needed features and their occupying stays, and
 * each rate plan's price per room type and night (default plan first, then by
 * name and night).
 */
export type SearchFacts = {
  property: { timeZone: string; currency: string } | null;
  types: TypeRow[];
  rooms: RoomRow[];
  prices: PriceRow[];
  /** Calendar days from check-in to check-out, both included, that restrict anything (any order). */
  restrictions: RestrictionRow[];
  /** When the clock alone changes the answer (a hold counted as occupying falls due), in ms; absent if never. */
  stableUntil?: number;
};

/** A live copy of the facts (app/sync/inventory.server.ts), when one is running and caught up. */
export type LiveFacts = {
  facts(query: AvailabilityQuery): SearchFacts | undefined;
  /** Changes whenever anything a search of the property reads changes; undefined when the copy cannot tell. */
  version(propertyId: string): string | undefined;
  /** The rooms of a type that look free for a stay; undefined when the copy cannot tell. */
  freeRooms(stay: { propertyId: string; roomTypeId: string; checkIn: string; checkOut: string }): string[] | undefined;
};

// On globalThis: the launcher starts the live copy, and the Remix build, which
// bundles this module separately, reads it.
const LIVE = Symbol.for("hotel.availability.live");
type LiveHolder = { [LIVE]?: LiveFacts };

export function setLiveFacts(live: LiveFacts | undefined): void {
  (globalThis as LiveHolder)[LIVE] = live;
}

const SEARCH = {
  name: "availability-search-v3",
  text: `SELECT
    (SELECT json_build_object('timeZone', p.time_zone, 'currency', p.currency) FROM properties p WHERE p.id = $1) AS property,
    (SELECT coalesce(json_agg(json_build_object('id', rt.id, 'code', rt.code, 'name', rt.name,
                                                'description', rt.description, 'capacity', rt.capacity)
                              ORDER BY rt.sort_order, rt.name), '[]')
       FROM room_types rt WHERE rt.property_id = $1 AND rt.capacity * $4::int >= $5::int) AS types,
    (SELECT coalesce(json_agg(json_build_array(r.id, r.room_type_id, r.accessibility, busy.stays)), '[]')
       FROM rooms r
       LEFT JOIN LATERAL (
         SELECT json_agg(json_build_array(taken.check_in, taken.check_out)) AS stays
           FROM (SELECT x.check_in, x.check_out FROM reservations x
                  WHERE x.room_id = r.id AND x.check_out > $2::date AND x.check_in < $3::date AND ${occupiesNow("x")}
                 UNION ALL
                 -- A window out of order takes its nights as a stay would (migration 018).
                 SELECT b.starts, b.ends FROM room_blocks b
                  WHERE b.room_id = r.id AND daterange(b.starts, b.ends) && daterange($2::date, $3::date)) AS taken
       ) AS busy ON true
      WHERE r.property_id = $1 AND NOT r.out_of_order AND r.accessibility @> $6::text[]) AS rooms,
    (SELECT coalesce(json_agg(json_build_array(rp.id, rp.code, rp.name, rp.refundable, rp.cancellation_hours,
                                               rp.is_default, rt.id, n.night, n.price)
                              ORDER BY rp.is_default DESC, rp.name, n.night), '[]')
       FROM rate_plans rp
       JOIN room_types rt ON rt.property_id = rp.property_id
       CROSS JOIN LATERAL (${nightlyPrices({ roomType: "rt", ratePlanId: "rp.id", checkIn: "$2", checkOut: "$3" })}) AS n
      WHERE rp.property_id = $1 AND (rp.room_type_ids IS NULL OR rt.id = ANY (rp.room_type_ids))) AS prices,
    (SELECT coalesce(json_agg(json_build_array(rp.id, rc.room_type_id, rc.night, rc.min_stay,
                                               rc.closed_to_arrival, rc.closed_to_departure, rc.stop_sell)), '[]')
       FROM rate_plans rp
       -- A derived plan is bound by its parent's restrictions too.
       JOIN rate_calendar rc ON rc.rate_plan_id IN (rp.id, rp.derived_from) AND rc.night BETWEEN $2::date AND $3::date
        AND (rp.room_type_ids IS NULL OR rc.room_type_id = ANY (rp.room_type_ids))
      WHERE rp.property_id = $1
        AND (rc.min_stay IS NOT NULL OR rc.closed_to_arrival OR rc.closed_to_departure OR rc.stop_sell)) AS restrictions`,
};

/**
 * A hint for the booking statement: the rooms of a type the live copy believes
 * free for a stay (tried first; the constraint still decides); undefined without one.
 */
export function likelyFreeRooms(stay: {
  propertyId: string;
  roomTypeId: string;
  checkIn: string;
  checkOut: string;
}): string[] | undefined {
  return (globalThis as LiveHolder)[LIVE]?.freeRooms(stay);
}

export async function searchAvailability(query: AvailabilityQuery): Promise<AvailabilityResult> {
  assertStayShape(query);
  const facts = (globalThis as LiveHolder)[LIVE]?.facts(query) ?? (await readFacts(query));
  return answer(query, facts);
}

export type SearchJson = {
  text: string;
  /** The text as UTF-8, made once for every time it is sent. */
  bytes: Buffer;
  etag: string;
};
type KeptAnswer = {
  /** The same object every time it is given, so what is derived from it can be kept too (taggedJson). */
  json: SearchJson;
  propertyId: string;
  version: string;
  timeZone: string;
  today: string;
  until: number;
};
/** Answers kept, at most; a few megabytes. Searches beyond it start the set over. */
const ANSWERS_KEPT = 2000;
const keptAnswers = new Map<string, KeptAnswer>();

/**
 * The answer kept under `key` (the search's query string), if nothing it was
 * computed from has changed since: the live copy's version for the property,
 * the property's day, and no hold it counted having fallen due.
 */
export function keptSearch(key: string): SearchJson | undefined {
  const kept = keptAnswers.get(key);
  if (!kept) return undefined;
  const live = (globalThis as LiveHolder)[LIVE];
  const current =
    live?.version(kept.propertyId) === kept.version && Date.now() < kept.until && todayIn(kept.timeZone) === kept.today;
  return current ? kept.json : undefined;
}

/**
 * The search's answer as JSON text, with an entity tag of that text. Computed
 * from the live copy, an answer is kept under `key` (the query string it was
 * asked with) and given again by keptSearch for as long as nothing it read
 * has changed: the same text the search would compute anew, without
 * computing it.
 */
export async function searchAvailabilityJson(query: AvailabilityQuery, key: string): Promise<SearchJson> {
  assertStayShape(query);
  const kept = keptSearch(key);
  if (kept) return kept;
  const live = (globalThis as LiveHolder)[LIVE];
  const version = live?.version(query.propertyId);
  const liveFacts = version === undefined ? undefined : live?.facts(query);
  const text = JSON.stringify(answer(query, liveFacts ?? (await readFacts(query))));
  const etag = `"${createHash("sha256").update(text).digest("base64url").slice(0, 22)}"`;
  const fresh = { text, bytes: Buffer.from(text), etag };
  if (version !== undefined && liveFacts?.property) {
    if (keptAnswers.size >= ANSWERS_KEPT) keptAnswers.clear();
    const timeZone = liveFacts.property.timeZone;
    keptAnswers.set(key, {
      json: fresh,
      propertyId: query.propertyId,
      version,
      timeZone,
      today: todayIn(timeZone),
      until: liveFacts.stableUntil ?? Infinity,
    });
  }
  return fresh;
}

/** The facts from the database, in one statement. */
export async function readFacts(query: AvailabilityQuery): Promise<SearchFacts> {
  const { rows } = await getPool().query<SearchFacts>({
    ...SEARCH,
    values: [
      query.propertyId,
      query.checkIn,
      query.checkOut,
      query.rooms ?? 1,
      query.adults + (query.children ?? 0),
      neededFeatures(query),
    ],
  });
  return rows[0];
}

export function neededFeatures(query: AvailabilityQuery): string[] {
  return [...new Set(query.accessibility ?? [])].sort();
}

function answer(
  query: AvailabilityQuery,
  { property, types, rooms, prices, restrictions }: SearchFacts,
): AvailabilityResult {
  if (!property) throw new DomainError("not_found", "No such property.", { field: "propertyId" });
  const nightsCount = assertValidStay(query, property.timeZone);
  const needs = neededFeatures(query);
  const children = query.children ?? 0;
  const roomsWanted = query.rooms ?? 1;
  const nights = nightsOf(query.checkIn, query.checkOut);
  const busyNights = new Map<string, Set<string>>();
  for (const [roomId, , , stays] of rooms) {
    const set = new Set<string>();
    // Only the nights of the search matter: a stay's others are left uncounted.
    for (const [checkIn, checkOut] of stays ?? []) {
      const from = checkIn > query.checkIn ? checkIn : query.checkIn;
      const to = checkOut < query.checkOut ? checkOut : query.checkOut;
      for (const night of nightsOf(from, to)) set.add(night);
    }
    busyNights.set(roomId, set);
  }

  const restrictionRows = new Map<string, RestrictionRow[]>();
  for (const row of restrictions) {
    const key = `${row[0]}|${row[1]}`;
    const found = restrictionRows.get(key);
    if (found) found.push(row);
    else restrictionRows.set(key, [row]);
  }
  const restrictionOf = (ratePlanId: string, roomTypeId: string) => {
    const rows = restrictionRows.get(`${ratePlanId}|${roomTypeId}`);
    return (rows && stayRestriction(rows, query)) ?? null;
  };

  const roomTypes = types.map((type): RoomTypeAvailability => {
    const typeRooms = rooms.filter(([, roomTypeId]) => roomTypeId === type.id);
    const isFree = (roomId: string, night: string) => !busyNights.get(roomId)?.has(night);
    const freeByNight = nights.map((date) => ({
      date,
      free: typeRooms.filter(([roomId]) => isFree(roomId, date)).length,
    }));
    const available = typeRooms.filter(([roomId]) => nights.every((night) => isFree(roomId, night))).length;
    const plans = new Map<string, RatePlanQuote>();
    for (const [ratePlanId, code, name, refundable, cancellationHours, isDefault, roomTypeId, night, price] of prices) {
      if (roomTypeId !== type.id) continue;
      const plan = plans.get(ratePlanId) ?? {
        ratePlanId,
        code,
        name,
        refundable,
        cancellationHours,
        isDefault,
        totalPrice: 0,
        nightlyPrices: [],
        restriction: restrictionOf(ratePlanId, type.id),
      };
      plan.nightlyPrices.push({ date: night, price });
      plan.totalPrice += price * roomsWanted;
      plans.set(ratePlanId, plan);
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
      accessibilityFeatures: [...new Set(typeRooms.flatMap(([, , accessibility]) => accessibility))].sort(),
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
