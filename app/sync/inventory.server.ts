// A live copy, in this process, of what an availability search reads: the
// catalogue (properties, room types, rooms, rate plans, the rate calendar from
// today on) and every stay that occupies a room from today on. It is kept
// current by shapes from the same upstream the browsers' live screens use
// (the embedded shape server, followed in this process change by change, or
// Electric at ELECTRIC_URL through its client), so any number of
// app machines each keep their own copy without a cache server of their own,
// and a search costs no database round trip (issue 18, decision record 020).
//
// The copy answers only while every one of its shapes is up to date; before
// that, or after a must-refetch, searches read the database as before
// (app/booking/availability.server.ts). Like any replica it trails a commit by
// the time the change takes to stream (milliseconds); a search is a hint, and
// the booking statement decides (migration 015).
import { randomUUID } from "node:crypto";
import { isChangeMessage, isControlMessage, ShapeStream, type Message, type Row } from "@electric-sql/client";
import {
  neededFeatures,
  setLiveFacts,
  type AvailabilityQuery,
  type LiveFacts,
  type PriceRow,
  type RoomRow,
  type SearchFacts,
} from "~/booking/availability.server";
import { addDays, dayNumber, nightsOf } from "~/booking/dates";
import { restricts, type RestrictionRow } from "~/booking/restrictions";
import { OCCUPYING_STATUSES } from "~/booking/status";
import { lsnToBigInt } from "../../shape-server/protocol";
import { typedMessages, type ShapeUpstream } from "./upstream.server";

type PropertyRow = { id: string; time_zone: string; currency: string };
type RoomTypeRow = {
  id: string;
  property_id: string;
  code: string;
  name: string;
  description: string;
  capacity: number;
  sort_order: number;
  base_rate: bigint | number;
};
type RoomRowLive = {
  id: string;
  property_id: string;
  room_type_id: string;
  accessibility: string[];
  out_of_order: boolean;
};
type RatePlanRow = {
  id: string;
  property_id: string;
  code: string;
  name: string;
  refundable: boolean;
  cancellation_hours: number | null;
  is_default: boolean;
  /** The room types the plan is sold for; null: all. */
  room_type_ids: string[] | null;
  /** A derived plan's parent, and the percent added to the parent's price (migration 018). */
  derived_from: string | null;
  derived_adjustment: number | string | null;
};
type RateRow = {
  rate_plan_id: string;
  room_type_id: string;
  night: string;
  price: bigint | number | null;
  min_stay: number | null;
  closed_to_arrival: boolean;
  closed_to_departure: boolean;
  stop_sell: boolean;
};
/** One day of a rate plan and room type's calendar: its price (null: the base rate), and its restriction if any. */
type CalendarDay = { price: number | null; restriction: RestrictionRow | null };
/** A room out of order for the nights [starts, ends). */
type BlockRow = { id: string; room_id: string; starts: string; ends: string };
type StayRow = {
  id: string;
  room_id: string;
  check_in: string;
  check_out: string;
  status: string;
  hold_expires_at: string | null;
};

type Change<R> = { before: R | undefined; after: R | undefined };

/** One stay as a search reads it: every instance of one shape, so that the hot loops read its fields directly. */
class Stay {
  readonly inDay: number;
  readonly outDay: number;
  /** When a hold falls due, in ms since the epoch; Infinity for any other stay. */
  readonly expires: number;
  constructor(
    readonly id: string,
    readonly checkIn: string,
    readonly checkOut: string,
    readonly status: string,
    holdExpiresAt: string | null,
  ) {
    this.inDay = dayNumber(checkIn);
    this.outDay = dayNumber(checkOut);
    this.expires = status === "held" && holdExpiresAt ? Date.parse(holdExpiresAt) : Infinity;
  }
}

/**
 * One room's stays, found by the nights they cover: kept sorted by arrival,
 * so that a search reads the few stays near its dates, not the room's whole
 * future, and a change moves one entry.
 */
class RoomStays {
  private readonly sorted: Stay[] = [];
  private readonly byId = new Map<string, Stay>();
  /** The most nights any stay here has had: how far before a search's first night to look. */
  private longest = 0;

  set(row: StayRow): void {
    this.delete(row.id);
    const stay = new Stay(row.id, row.check_in, row.check_out, row.status, row.hold_expires_at);
    this.longest = Math.max(this.longest, stay.outDay - stay.inDay);
    this.sorted.splice(this.firstArrivingFrom(stay.inDay), 0, stay);
    this.byId.set(stay.id, stay);
  }

  delete(id: string): void {
    const stay = this.byId.get(id);
    if (!stay) return;
    this.byId.delete(id);
    // Among the stays arriving the same day, by identity.
    for (let i = this.firstArrivingFrom(stay.inDay); i < this.sorted.length; i++) {
      if (this.sorted[i] === stay) {
        this.sorted.splice(i, 1);
        return;
      }
    }
  }

  /** The index of the first stay arriving on `day` or later. */
  private firstArrivingFrom(day: number): number {
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.sorted[middle].inDay < day) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** The stays with a night in [from, to), day numbers, by arrival. */
  overlapping(from: number, to: number): Stay[] {
    const sorted = this.sorted;
    // No stay is longer than `longest`, so one arriving `longest` nights before `from` or earlier has left by then.
    const found: Stay[] = [];
    for (let i = this.firstArrivingFrom(to) - 1; i >= 0 && sorted[i].inDay > from - this.longest; i--) {
      if (sorted[i].outDay > from) found.push(sorted[i]);
    }
    return found.reverse();
  }
}

/** One shape's rows by key (or only what onChange makes of them), applied message by message. */
class LiveTable<R extends Row<unknown>> {
  readonly rows = new Map<string, R>();
  upToDate = false;
  version = 0;
  /** The upstream's last seen commit position when this table was last up to date; -1 before. */
  seenLsn = -1n;

  constructor(
    private readonly onChange: (change: Change<R>) => void = () => {},
    private readonly onReset: () => void = () => {},
    /**
     * False for a table whose every message carries all the columns the copy
     * needs (its columns are its primary key and one value): the rows are
     * then not kept, only what onChange makes of them.
     */
    private readonly keepRows = true,
  ) {}

  apply(messages: Message<R>[]): void {
    for (const message of messages) {
      if (isChangeMessage(message) && !this.keepRows) {
        const deleted = message.headers.operation === "delete";
        this.onChange({ before: deleted ? message.value : undefined, after: deleted ? undefined : message.value });
        this.version++;
      } else if (isChangeMessage(message)) {
        const before = this.rows.get(message.key);
        if (message.headers.operation === "delete") {
          this.rows.delete(message.key);
          this.onChange({ before, after: undefined });
        } else {
          // An update carries the key and the changed columns only.
          const after = { ...before, ...message.value } as R;
          this.rows.set(message.key, after);
          this.onChange({ before, after });
        }
        this.version++;
      } else if (isControlMessage(message)) {
        if (message.headers.control === "must-refetch") {
          this.rows.clear();
          this.onReset();
          this.upToDate = false;
          this.seenLsn = -1n;
          this.version++;
        } else if (message.headers.control === "up-to-date") {
          this.upToDate = true;
          this.seenLsn = lsnOf(message.headers.global_last_seen_lsn) ?? this.seenLsn;
        }
      }
    }
  }
}

type Catalogue = {
  types: RoomTypeRow[];
  rooms: RoomRowLive[];
  plans: RatePlanRow[];
  /** The plans' ids, joined by commas: which rate calendar to follow. */
  planIds: string;
};

/** A window out of order sits among a room's stays with this status, and takes its nights as they do. */
const OUT_OF_ORDER = "out_of_order";
const OCCUPYING = new Set<string>([...OCCUPYING_STATUSES, OUT_OF_ORDER]);
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The live copy; `facts` answers as the database would, or undefined while it is not caught up. */
export class Inventory implements LiveFacts {
  private readonly propertyById = new Map<string, PropertyRow>();
  private readonly properties = new LiveTable<PropertyRow>(
    ({ before, after }) => {
      if (before) this.propertyById.delete(before.id);
      if (after) this.propertyById.set(after.id, after);
    },
    () => this.propertyById.clear(),
  );
  private readonly roomTypes = new LiveTable<RoomTypeRow>();
  private readonly rooms = new LiveTable<RoomRowLive>(({ after }) => {
    if (after) this.propertyOfRoom.set(after.id, after.property_id);
  });
  private readonly ratePlans = new LiveTable<RatePlanRow>(({ after }) => {
    if (after) this.propertyOfPlan.set(after.id, after.property_id);
  });
  /**
   * Each property's rate calendar, followed from its first search on: a
   * chain's calendars (hundreds of thousands of rows) are held only for the
   * hotels being searched, and the copy is ready without them.
   */
  private readonly ratesOf = new Map<
    string,
    { plans: string; table: LiveTable<RateRow>; controller: AbortController }
  >();
  private readonly stays: LiveTable<StayRow>;
  private readonly blocks: LiveTable<BlockRow>;
  private readonly staysByRoom = new Map<string, RoomStays>();
  /** The calendar by day number, for each rate plan and room type (rateKey). */
  private readonly calendarOf = new Map<string, Map<number, CalendarDay>>();
  private catalogues = new Map<string, Catalogue>();
  private catalogueVersion = -1;
  private readonly controller = new AbortController();
  /** Changes to stays and prices, by property; one whose property is not known yet counts for every property. */
  private readonly changesOf = new Map<string, number>();
  private changesOfUnknown = 0;
  private readonly propertyOfRoom = new Map<string, string>();
  private readonly propertyOfPlan = new Map<string, string>();
  /** Tells this copy's versions from those of the copy before it (startInventory starts a new one daily). */
  private readonly instance = randomUUID();

  constructor(
    private readonly upstream: ShapeUpstream,
    /** Stays ending before this day, and prices of earlier nights, are left out. */
    private readonly fromDay: string,
    private readonly log: (line: string) => void = () => {},
  ) {
    this.stays = new LiveTable<StayRow>(
      ({ before, after }) => {
        for (const row of [before, after]) if (row) this.changed(this.propertyOfRoom.get(row.room_id));
        if (before) this.staysByRoom.get(before.room_id)?.delete(before.id);
        if (after) this.stayIn(after.room_id).set(after);
      },
      () => this.refill(),
    );
    this.blocks = new LiveTable<BlockRow>(
      ({ before, after }) => {
        for (const row of [before, after]) if (row) this.changed(this.propertyOfRoom.get(row.room_id));
        if (before) this.staysByRoom.get(before.room_id)?.delete(before.id);
        if (after) this.stayIn(after.room_id).set(blockAsStay(after));
      },
      () => this.refill(),
    );
  }

  /** After one of the two tables was told to start over (its rows are gone): each room's stays from what is left. */
  private refill(): void {
    this.staysByRoom.clear();
    for (const row of this.stays.rows.values()) this.stayIn(row.room_id).set(row);
    for (const row of this.blocks.rows.values()) this.stayIn(row.room_id).set(blockAsStay(row));
  }

  private stayIn(roomId: string): RoomStays {
    let room = this.staysByRoom.get(roomId);
    if (!room) this.staysByRoom.set(roomId, (room = new RoomStays()));
    return room;
  }

  start(): void {
    this.follow(this.properties, "properties", ["id", "time_zone", "currency"]);
    this.follow(this.roomTypes, "room_types", [
      "id",
      "property_id",
      "code",
      "name",
      "description",
      "capacity",
      "sort_order",
      "base_rate",
    ]);
    this.follow(this.rooms, "rooms", ["id", "property_id", "room_type_id", "accessibility", "out_of_order"]);
    this.follow(this.ratePlans, "rate_plans", [
      "id",
      "property_id",
      "code",
      "name",
      "refundable",
      "cancellation_hours",
      "is_default",
      "room_type_ids",
      "derived_from",
      "derived_adjustment",
    ]);
    this.follow(this.blocks, "room_blocks", ["id", "room_id", "starts", "ends"], {
      where: "ends > $1",
      params: [this.fromDay],
    });
    this.follow(this.stays, "reservations", ["id", "room_id", "check_in", "check_out", "status", "hold_expires_at"], {
      where: `check_out > $1 AND status IN (${OCCUPYING_STATUSES.map((status) => `'${status}'`).join(", ")})`,
      params: [this.fromDay],
    });
  }

  stop(): void {
    this.controller.abort();
    for (const { controller } of this.ratesOf.values()) controller.abort();
  }

  /** Every shape has caught up with the database at least once and has not been told to start over since. */
  get ready(): boolean {
    return [this.properties, this.roomTypes, this.rooms, this.ratePlans, this.stays, this.blocks].every(
      (table) => table.upToDate,
    );
  }

  /**
   * Whether the property's rate calendar is here and current; the first ask
   * starts following it (and a change to the property's rate plans starts it
   * over), so the answer is false until it has caught up.
   */
  private ratesReady(propertyId: string): boolean {
    const key = this.catalogue(propertyId).planIds;
    let rates = this.ratesOf.get(propertyId);
    if (rates && rates.plans !== key) {
      rates.controller.abort();
      this.forgetPrices(rates.plans);
      rates = undefined;
    }
    if (!rates) {
      if (key === "") return true;
      // A stopped copy follows nothing new.
      if (this.controller.signal.aborted) return false;
      const plans = key.split(",");
      // Stopped with the copy (stop()) or when the property's plans change.
      const controller = new AbortController();
      const table = new LiveTable<RateRow>(
        ({ before, after }) => {
          this.changed(propertyId);
          if (before)
            this.calendarOf.get(rateKey(before.rate_plan_id, before.room_type_id))?.delete(dayNumber(before.night));
          if (after) {
            const at = rateKey(after.rate_plan_id, after.room_type_id);
            let calendar = this.calendarOf.get(at);
            if (!calendar) this.calendarOf.set(at, (calendar = new Map()));
            calendar.set(dayNumber(after.night), {
              price: after.price === null ? null : Number(after.price),
              restriction: restricts(after)
                ? [
                    after.rate_plan_id,
                    after.room_type_id,
                    after.night,
                    after.min_stay,
                    after.closed_to_arrival,
                    after.closed_to_departure,
                    after.stop_sell,
                  ]
                : null,
            });
          }
        },
        // Rows kept: an update carries the key and the changed columns only (a restriction set on a priced day).
        () => this.forgetPrices(key),
      );
      rates = { plans: key, table, controller };
      this.ratesOf.set(propertyId, rates);
      this.follow(
        table,
        "rate_calendar",
        [
          "rate_plan_id",
          "room_type_id",
          "night",
          "price",
          "min_stay",
          "closed_to_arrival",
          "closed_to_departure",
          "stop_sell",
        ],
        {
          where: `night >= $1 AND rate_plan_id IN (${plans.map((_, i) => `$${i + 2}`).join(", ")})`,
          params: [this.fromDay, ...plans],
        },
        controller.signal,
      );
    }
    return rates.table.upToDate;
  }

  /** Drops the prices of the rate plans in `plans` (ids joined by commas). */
  private forgetPrices(plans: string): void {
    for (const plan of plans.split(",")) {
      for (const key of [...this.calendarOf.keys()]) if (key.startsWith(`${plan}|`)) this.calendarOf.delete(key);
    }
  }

  /**
   * Changes whenever anything a search of the property reads here changes
   * (any property's catalogue, this one's stays and prices); undefined while
   * the copy is not caught up.
   */
  version(propertyId: string): string | undefined {
    if (!this.ready || (this.propertyById.has(propertyId) && !this.ratesReady(propertyId))) return undefined;
    const catalogue = [this.properties, this.roomTypes, this.rooms, this.ratePlans].map((table) => table.version);
    return `${this.instance}:${catalogue.join(":")}:${this.changesOfUnknown}:${this.changesOf.get(propertyId) ?? 0}`;
  }

  /**
   * The write-ahead log position this copy has caught up with: every
   * transaction that committed before it is here, in every table the copy
   * follows (-1 while it is not ready). For waiting on a write, as a replica's
   * reader does (`pg_current_wal_insert_lsn()` after it, then any later commit).
   */
  seenLsn(): bigint {
    if (!this.ready) return -1n;
    const tables: { seenLsn: bigint }[] = [
      this.properties,
      this.roomTypes,
      this.rooms,
      this.ratePlans,
      this.stays,
      this.blocks,
    ];
    for (const { table } of this.ratesOf.values()) tables.push(table);
    return tables.reduce((lowest, { seenLsn }) => (seenLsn < lowest ? seenLsn : lowest), tables[0].seenLsn);
  }

  private changed(propertyId: string | undefined): void {
    if (propertyId === undefined) this.changesOfUnknown++;
    else this.changesOf.set(propertyId, (this.changesOf.get(propertyId) ?? 0) + 1);
  }

  freeRooms(stay: { propertyId: string; roomTypeId: string; checkIn: string; checkOut: string }): string[] | undefined {
    if (!this.ready || stay.checkIn < this.fromDay) return undefined;
    const now = Date.now();
    return this.catalogue(stay.propertyId)
      .rooms.filter((room) => room.room_type_id === stay.roomTypeId && !room.out_of_order)
      .filter((room) => this.occupying(room.id, stay.checkIn, stay.checkOut, now).length === 0)
      .map((room) => room.id);
  }

  /** The stays that occupy a room on some night of [checkIn, checkOut), as [check-in, check-out]. */
  private occupying(
    roomId: string,
    checkIn: string,
    checkOut: string,
    now: number,
    clock?: { stableUntil: number },
  ): [string, string][] {
    const found: [string, string][] = [];
    for (const stay of this.staysByRoom.get(roomId)?.overlapping(dayNumber(checkIn), dayNumber(checkOut)) ?? []) {
      if (!OCCUPYING.has(stay.status)) continue;
      // An overdue hold occupies nothing, even before it is expired.
      if (stay.expires !== Infinity) {
        if (stay.expires <= now) continue;
        // From then on the same search has another answer.
        if (clock) clock.stableUntil = Math.min(clock.stableUntil, stay.expires);
      }
      found.push([stay.checkIn, stay.checkOut]);
    }
    return found;
  }

  facts(query: AvailabilityQuery): SearchFacts | undefined {
    if (!this.ready || query.checkIn < this.fromDay) return undefined;
    const property = this.propertyById.get(query.propertyId);
    if (!property) return { property: null, types: [], rooms: [], prices: [], restrictions: [] };
    if (!this.ratesReady(property.id)) return undefined;
    const catalogue = this.catalogue(property.id);
    const roomsWanted = query.rooms ?? 1;
    const party = query.adults + (query.children ?? 0);
    const needs = neededFeatures(query);
    const now = Date.now();
    const nights = nightsOf(query.checkIn, query.checkOut);
    const rooms: RoomRow[] = [];
    const clock = { stableUntil: Infinity };
    for (const room of catalogue.rooms) {
      if (room.out_of_order || !needs.every((need) => room.accessibility.includes(need))) continue;
      const occupying = this.occupying(room.id, query.checkIn, query.checkOut, now, clock);
      rooms.push([room.id, room.room_type_id, room.accessibility, occupying.length ? occupying : null]);
    }
    const firstNight = dayNumber(query.checkIn);
    const lastDay = dayNumber(query.checkOut);
    const prices: PriceRow[] = [];
    const restrictions: RestrictionRow[] = [];
    for (const plan of catalogue.plans) {
      const types = plan.room_type_ids
        ? catalogue.types.filter((type) => plan.room_type_ids!.includes(type.id))
        : catalogue.types;
      // A derived plan prices from its parent's calendar and is bound by the parent's restrictions too (migration 018).
      const priceFrom = plan.derived_from ?? plan.id;
      const calendars = types.map((type) => this.calendarOf.get(rateKey(priceFrom, type.id)));
      const restrictionCalendars = plan.derived_from
        ? [...calendars, ...types.map((type) => this.calendarOf.get(rateKey(plan.id, type.id)))]
        : calendars;
      for (const calendar of restrictionCalendars) {
        if (!calendar) continue;
        for (let day = firstNight; day <= lastDay; day++) {
          const restriction = calendar.get(day)?.restriction;
          if (!restriction) continue;
          restrictions.push(
            restriction[0] === plan.id ? restriction : ([plan.id, ...restriction.slice(1)] as RestrictionRow),
          );
        }
      }
      const adjustment = plan.derived_from ? Math.round(Number(plan.derived_adjustment) * 100) : 0;
      for (const [n, night] of nights.entries()) {
        for (const [t, type] of types.entries()) {
          const base = calendars[t]?.get(firstNight + n)?.price ?? Number(type.base_rate);
          const price = plan.derived_from ? derivedPrice(base, adjustment) : base;
          prices.push([
            plan.id,
            plan.code,
            plan.name,
            plan.refundable,
            plan.cancellation_hours,
            plan.is_default,
            type.id,
            night,
            price,
          ]);
        }
      }
    }
    return {
      property: { timeZone: property.time_zone, currency: property.currency },
      types: catalogue.types
        .filter((type) => type.capacity * roomsWanted >= party)
        .map(({ id, code, name, description, capacity }) => ({ id, code, name, description, capacity })),
      rooms,
      prices,
      restrictions,
      stableUntil: clock.stableUntil,
    };
  }

  /** A property's room types, rooms and rate plans, in the order searches give them; rebuilt when any changed. */
  private catalogue(propertyId: string): Catalogue {
    const version = this.roomTypes.version + this.rooms.version + this.ratePlans.version;
    if (version !== this.catalogueVersion) {
      this.catalogues = new Map();
      this.catalogueVersion = version;
    }
    let catalogue = this.catalogues.get(propertyId);
    if (!catalogue) {
      const of = <R extends { property_id: string }>(table: LiveTable<R>) =>
        [...table.rows.values()].filter((row) => row.property_id === propertyId);
      catalogue = {
        types: of(this.roomTypes).sort((a, b) => a.sort_order - b.sort_order || byText(a.name, b.name)),
        rooms: of(this.rooms),
        plans: of(this.ratePlans).sort((a, b) => Number(b.is_default) - Number(a.is_default) || byText(a.name, b.name)),
        planIds: "",
      };
      catalogue.planIds = catalogue.plans.map((plan) => plan.id).join(",");
      this.catalogues.set(propertyId, catalogue);
    }
    return catalogue;
  }

  private follow<R extends Row<unknown>>(
    table: LiveTable<R>,
    name: string,
    columns: string[],
    filter?: { where: string; params: string[] },
    signal: AbortSignal = this.controller.signal,
  ): void {
    if (this.upstream.follow) {
      // The embedded shape server, in this process: each change handed over as it is applied.
      const query = new URLSearchParams({ table: name, columns: columns.join(",") });
      if (filter) {
        query.set("where", filter.where);
        filter.params.forEach((value, index) => query.set(`params[${index + 1}]`, value));
      }
      this.upstream.follow(query, (batch) => table.apply(typedMessages<R>(batch)), signal);
      return;
    }
    const stream = new ShapeStream<R>({
      url: new URL("/v1/shape", this.upstream.url).href,
      params: {
        table: name,
        columns,
        ...(filter ? { where: filter.where, params: filter.params } : {}),
        ...(this.upstream.secret ? { secret: this.upstream.secret } : {}),
      },
      signal,
      onError: (error) => {
        table.upToDate = false;
        if (!signal.aborted) this.log(`inventory: ${name} shape failed (${error.message}); retrying`);
        // Keep trying with the same parameters; searches read the database meanwhile.
        return {};
      },
    });
    stream.subscribe(
      (messages) => table.apply(messages),
      () => {
        table.upToDate = false;
      },
    );
  }
}

/** An up-to-date message's `global_last_seen_lsn`: decimal (the protocol) or Postgres's "X/Y"; undefined if neither. */
function lsnOf(text: unknown): bigint | undefined {
  if (typeof text !== "string") return undefined;
  if (/^[0-9A-Fa-f]{1,8}\/[0-9A-Fa-f]{1,8}$/.test(text)) return lsnToBigInt(text);
  return /^\d{1,20}$/.test(text) ? BigInt(text) : undefined;
}

/**
 * A derived plan's night: the parent's price plus `hundredths` of a percent,
 * rounded half up to a minor unit, as hotel_nightly_prices rounds it.
 */
export function derivedPrice(parentPrice: number, hundredths: number): number {
  return Math.round((parentPrice * (10_000 + hundredths)) / 10_000);
}

function blockAsStay(block: BlockRow): StayRow {
  return {
    id: block.id,
    room_id: block.room_id,
    check_in: block.starts,
    check_out: block.ends,
    status: OUT_OF_ORDER,
    hold_expires_at: null,
  };
}

function rateKey(ratePlanId: string, roomTypeId: string): string {
  return `${ratePlanId}|${roomTypeId}`;
}

/**
 * Start the live copy and let searches use it once it has caught up. Stays
 * from two days before today (UTC) on: no property's today is earlier. The
 * copy starts over each day so that past stays leave memory.
 */
export function startInventory(upstream: ShapeUpstream, log: (line: string) => void = () => {}): { stop(): void } {
  let current: Inventory | undefined;
  let pending: { inventory: Inventory; timer: NodeJS.Timeout } | undefined;
  const begin = () => {
    if (pending) {
      clearInterval(pending.timer);
      pending.inventory.stop();
    }
    const fresh = new Inventory(upstream, addDays(new Date().toISOString().slice(0, 10), -2), log);
    fresh.start();
    // The old copy answers until the new one has caught up.
    const timer = setInterval(() => {
      if (!fresh.ready) return;
      clearInterval(timer);
      pending = undefined;
      current?.stop();
      current = fresh;
      setLiveFacts(fresh);
    }, 50);
    timer.unref();
    pending = { inventory: fresh, timer };
  };
  begin();
  const daily = setInterval(begin, 24 * 3600_000);
  daily.unref();
  return {
    stop() {
      clearInterval(daily);
      if (pending) {
        clearInterval(pending.timer);
        pending.inventory.stop();
      }
      setLiveFacts(undefined);
      current?.stop();
    },
  };
}
