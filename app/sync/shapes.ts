// The app's shape definitions: the one place that names every live shape the
// app serves - its table, columns, where clause, and who may read it (through a
// permission of app/auth/permissions.ts, the one table of who may do what).
// The browser chooses a shape by name and gives only the arguments declared
// here; the server sets table, where, params and columns. Shapes read by
// staff screens carry no guest PII columns (bookings.guest_id is an opaque id;
// names and contacts live sealed in guests, which no shape serves).
import { parseDate } from "@internationalized/date";
import { z } from "zod";
import type { Action } from "~/auth/permissions";
import { addDays, nightsBetween, parseIsoDate, todayIn } from "~/booking/dates";

const id = z.uuid({ message: "validation.id" });
const isoDate = z.string().refine((value) => parseIsoDate(value) !== undefined, { message: "validation.date" });

/** The longest window of nights one reservations shape may cover. */
export const MAX_WINDOW_NIGHTS = 62;

export type ShapeContext = {
  accountId: string;
  /** The time zone of the property the arguments name, for shapes that need it. */
  timeZone?: string;
};

type ShapeSpec<Args> = {
  table: string;
  columns: readonly string[];
  where: string;
  permission: Action;
  /** What the browser may say, parsed strictly. */
  args: z.ZodType<Args>;
  params: (args: Args, context: ShapeContext) => string[];
  /** The property the shape is about: the caller must be scoped to it. */
  property?: (args: Args) => string;
  /** Its params need the property's time zone (read once per request, so only when needed). */
  needsTimeZone?: true;
};

const spec = <Args>(shape: ShapeSpec<Args>) => shape;

const propertyArgs = z.strictObject({ propertyId: id });

export const ROOM_COLUMNS = [
  "id",
  "property_id",
  "room_type_id",
  "number",
  "floor",
  "accessibility",
  "housekeeping_status",
  "out_of_order",
] as const;

export const RESERVATION_COLUMNS = [
  "id",
  "booking_id",
  "property_id",
  "room_type_id",
  "room_id",
  "check_in",
  "check_out",
  "status",
  "hold_expires_at",
  "adults",
  "children",
  "updated_at",
] as const;

export const ROOM_BLOCK_COLUMNS = ["id", "property_id", "room_id", "starts", "ends", "reason"] as const;

export const BOOKING_COLUMNS = ["id", "reference", "property_id", "channel", "created_at"] as const;

export const SHAPES = {
  /** Every room of a property with its housekeeping state. */
  rooms: spec({
    table: "rooms",
    columns: ROOM_COLUMNS,
    where: "property_id = $1",
    permission: "house:read",
    args: propertyArgs,
    params: ({ propertyId }) => [propertyId],
    property: ({ propertyId }) => propertyId,
  }),
  /** Reservations of a property that touch the nights from `from` up to (not including) `to`. */
  reservations: spec({
    table: "reservations",
    columns: RESERVATION_COLUMNS,
    where: "property_id = $1 AND check_out > $2::date AND check_in < $3::date",
    permission: "house:read",
    args: z
      .strictObject({ propertyId: id, from: isoDate, to: isoDate })
      .refine(({ from, to }) => !parseIsoDate(from) || !parseIsoDate(to) || inWindow(from, to), {
        message: "validation.window",
        path: ["to"],
      }),
    params: ({ propertyId, from, to }) => [propertyId, from, to],
    property: ({ propertyId }) => propertyId,
  }),
  /** A property's windows out of order that have not ended before yesterday (issue 11; the reason is staff's words). */
  "room-blocks": spec({
    table: "room_blocks",
    columns: ROOM_BLOCK_COLUMNS,
    where: "property_id = $1 AND ends >= $2::date",
    permission: "house:read",
    args: propertyArgs,
    params: ({ propertyId }, { timeZone }) => [propertyId, addDays(todayIn(timeZone!), -1)],
    property: ({ propertyId }) => propertyId,
    needsTimeZone: true,
  }),
  /** Bookings made at a property since the start of `day` there (channel mix of the day). */
  "bookings-since": spec({
    table: "bookings",
    columns: BOOKING_COLUMNS,
    where: "property_id = $1 AND created_at >= $2::timestamptz",
    permission: "house:read",
    args: z.strictObject({ propertyId: id, day: isoDate }),
    params: ({ propertyId, day }, { timeZone }) => [propertyId, startOfDay(day, timeZone!)],
    property: ({ propertyId }) => propertyId,
    needsTimeZone: true,
  }),
  /** The signed-in guest's own bookings, each with its count of changes. */
  "my-bookings": spec({
    table: "bookings",
    columns: [...BOOKING_COLUMNS, "version"],
    where: "account_id = $1",
    permission: "booking:read_own",
    args: z.strictObject({}),
    params: (_args, { accountId }) => [accountId],
  }),
};

export type ShapeName = keyof typeof SHAPES;

export function isShapeName(name: string): name is ShapeName {
  return Object.hasOwn(SHAPES, name);
}

function inWindow(from: string, to: string): boolean {
  const nights = nightsBetween(from, to);
  return nights >= 1 && nights <= MAX_WINDOW_NIGHTS;
}

/** The instant a calendar day starts in a time zone, as an ISO timestamp. */
function startOfDay(day: string, timeZone: string): string {
  return parseDate(day).toDate(timeZone).toISOString();
}

/** Query parameters of Electric's protocol that a browser may pass through the proxy. */
export const PROTOCOL_PARAMS = ["offset", "handle", "live", "cursor"] as const;
/** Parameters the client library adds that mean nothing upstream. */
export const IGNORED_PARAMS = ["expired_handle", "cache-buster", "log"] as const;
