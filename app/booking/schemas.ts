// The one zod schema per request shape, shared by the API and (later) the
// guest portal's forms.
import { z } from "zod";
import { ACCESSIBILITY_FEATURES } from "./accessibility";
import { AMENITIES, BED_TYPES } from "./room-details";
import { MAX_NIGHTS, nightsBetween, parseIsoDate } from "./dates";
import { HOUSEKEEPING_STATES } from "./status";
import { SUPPORTED_LANGUAGES } from "~/i18n/config";

const isoDate = z.string().refine((value) => parseIsoDate(value) !== undefined, { message: "validation.date" });

const id = z.uuid({ message: "validation.id" });

const stayRefinement = <T extends { checkIn: string; checkOut: string }>(stay: T, ctx: z.RefinementCtx) => {
  if (!parseIsoDate(stay.checkIn) || !parseIsoDate(stay.checkOut)) return;
  const nights = nightsBetween(stay.checkIn, stay.checkOut);
  if (nights < 1) {
    ctx.addIssue({ code: "custom", path: ["checkOut"], message: "validation.checkOutAfterCheckIn" });
  } else if (nights > MAX_NIGHTS) {
    ctx.addIssue({ code: "custom", path: ["checkOut"], message: "validation.maxNights", params: { max: MAX_NIGHTS } });
  }
};

const accessibilityList = z
  .union([z.string(), z.array(z.string())])
  .transform((value) =>
    (Array.isArray(value) ? value : [value])
      .flatMap((item) => item.split(","))
      .map((item) => item.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.enum(ACCESSIBILITY_FEATURES)).max(ACCESSIBILITY_FEATURES.length));

const whole = (number: z.ZodNumber, min: number, max: number) =>
  number.int({ message: "validation.wholeNumber" }).min(min).max(max);

/** A number given to at most two decimals (a percentage like -12.5). */
const hundredths = (value: number) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;

/** From a query string: "2" is 2. */
const wholeNumber = (min: number, max: number) => whole(z.coerce.number({ message: "validation.number" }), min, max);
/** In a JSON body: only a real number is a number. */
const jsonWholeNumber = (min: number, max: number) => whole(z.number({ message: "validation.number" }), min, max);

export const availabilityQuerySchema = z
  .strictObject({
    propertyId: id,
    checkIn: isoDate,
    checkOut: isoDate,
    adults: wholeNumber(1, 36),
    children: wholeNumber(0, 36).optional(),
    rooms: wholeNumber(1, 9).optional(),
    accessibility: accessibilityList.optional(),
  })
  .superRefine(stayRefinement);

export const bookingRequestSchema = z
  .strictObject({
    propertyId: id,
    roomTypeId: id,
    ratePlanId: id.optional(),
    checkIn: isoDate,
    checkOut: isoDate,
    adults: jsonWholeNumber(1, 36),
    children: jsonWholeNumber(0, 36).optional(),
    rooms: jsonWholeNumber(1, 9).optional(),
    accessibility: z.array(z.enum(ACCESSIBILITY_FEATURES)).max(ACCESSIBILITY_FEATURES.length).optional(),
    guest: z
      .strictObject({
        fullName: z.string().trim().min(1).max(200),
        email: z.email().max(254).optional(),
        phone: z.string().trim().min(3).max(40).optional(),
      })
      .optional(),
  })
  .superRefine(stayRefinement);

export type BookingRequest = z.infer<typeof bookingRequestSchema>;

/** New dates for one reservation of a booking (the only one, unless `reservationId` says which). */
export const changeDatesSchema = z
  .strictObject({ checkIn: isoDate, checkOut: isoDate, reservationId: id.optional() })
  .superRefine(stayRefinement);

export const sessionRequestSchema = z.strictObject({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(1024),
  // Staff second factor; enforced by the sign-in work.
  totp: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
});

export const referenceSchema = z.string().regex(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/i, { message: "validation.reference" });

/** The stay a guest picked from the search results (the booking page's URL). */
export const stayChoiceSchema = z
  .object({
    roomTypeId: id,
    ratePlanId: id.optional(),
    checkIn: isoDate,
    checkOut: isoDate,
    adults: wholeNumber(1, 36),
    children: wholeNumber(0, 36).optional(),
    rooms: wholeNumber(1, 9).optional(),
  })
  .superRefine(stayRefinement);

/** The guest's details on the booking form. */
export const guestDetailsSchema = z.object({
  fullName: z.string().trim().min(1, "validation.required").max(200),
  email: z.email("validation.email").max(254),
  phone: z
    .string()
    .trim()
    .max(40)
    .regex(/^[+()\d\s.-]*$/, "validation.phone")
    .optional(),
});

/** The identity documents the front desk checks (guest_documents.document_type). */
export const DOCUMENT_TYPES = ["passport", "national_id", "driving_licence", "residence_permit", "other"] as const;

/** A front-desk hold for a walk-in: a named room, or a room type and the engine picks the room. */
export const holdRequestSchema = z
  .strictObject({
    propertyId: id,
    roomTypeId: id.optional(),
    roomId: id.optional(),
    checkIn: isoDate,
    checkOut: isoDate,
    adults: jsonWholeNumber(1, 36),
    children: jsonWholeNumber(0, 36).optional(),
  })
  .superRefine(stayRefinement)
  .refine((hold) => hold.roomTypeId !== undefined || hold.roomId !== undefined, {
    path: ["roomId"],
    message: "validation.required",
  });

export type HoldRequest = z.infer<typeof holdRequestSchema>;

const guestSchema = z.strictObject({
  fullName: z.string().trim().min(1).max(200),
  email: z.email().max(254).optional(),
  phone: z.string().trim().min(3).max(40).optional(),
});

/** The guest's details and the identity check that confirm a hold. */
export const confirmHoldSchema = z.strictObject({
  guest: guestSchema,
  identity: z
    .strictObject({
      documentType: z.enum(DOCUMENT_TYPES),
      country: z.string().regex(/^[A-Za-z]{2}$/, "validation.countryCode"),
      number: z.string().trim().min(2).max(40),
    })
    .optional(),
});

export type ConfirmHoldRequest = z.infer<typeof confirmHoldSchema>;

/** Move a stay to another room of the property. */
export const moveRoomSchema = z.strictObject({ roomId: id });

export { HOUSEKEEPING_STATES };

export const housekeepingSchema = z.strictObject({ state: z.enum(HOUSEKEEPING_STATES) });

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "validation.time");

/**
 * PATCH /api/v1/properties/{id}: what a manager sets about the property; the
 * fields given change. `holdMinutes` is how long a walk-in's hold lasts.
 * Money in minor units of the property's currency.
 */
export const propertySettingsSchema = z
  .strictObject({
    holdMinutes: jsonWholeNumber(1, 240),
    name: z.string().trim().min(1).max(200),
    address: z.string().trim().max(500).nullable(),
    timeZone: z
      .string()
      .max(64)
      .refine((zone) => isTimeZone(zone), { message: "validation.timeZone" }),
    currency: z.string().regex(/^[A-Z]{3}$/, "validation.currency"),
    checkInTime: clockTime,
    checkOutTime: clockTime,
    /** A city tax per adult and night, for at most `maxNights` nights (null: every night). */
    cityTax: z.strictObject({
      perAdultNight: jsonWholeNumber(0, 100_000_00),
      maxNights: jsonWholeNumber(1, 365).nullable(),
    }),
    /** VAT: a percent of the room price, included in it or added to it. */
    vat: z.strictObject({
      percent: z.number({ message: "validation.number" }).min(0).max(50).refine(hundredths, "validation.twoDecimals"),
      included: z.boolean(),
    }),
    /** How guests reach the hotel, shown to them. */
    contact: z.strictObject({
      email: z.email("validation.email").max(254).nullable(),
      phone: z
        .string()
        .trim()
        .min(3)
        .max(40)
        .regex(/^[+()\d\s.-]*$/, "validation.phone")
        .nullable(),
    }),
  })
  .partial()
  .refine((fields) => Object.keys(fields).length > 0, { message: "validation.nothingToChange", path: ["body"] });

export type PropertySettingsChange = z.infer<typeof propertySettingsSchema>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone.includes("/") || zone === "UTC";
  } catch {
    return false;
  }
}

/** The longest range of the rate calendar one request reads or changes: a year and a day. */
export const MAX_CALENDAR_DAYS = 366;

const calendarRange = <T extends { from: string; to: string }>(range: T, ctx: z.RefinementCtx) => {
  if (!parseIsoDate(range.from) || !parseIsoDate(range.to)) return;
  const days = nightsBetween(range.from, range.to) + 1;
  if (days < 1) ctx.addIssue({ code: "custom", path: ["to"], message: "validation.toAfterFrom" });
  else if (days > MAX_CALENDAR_DAYS) {
    ctx.addIssue({ code: "custom", path: ["to"], message: "validation.maxDays", params: { max: MAX_CALENDAR_DAYS } });
  }
};

/** GET /api/v1/properties/{id}/rates?roomTypeId=&from=&to= (both days included). */
export const rateCalendarQuerySchema = z
  .strictObject({ roomTypeId: id.optional(), from: isoDate, to: isoDate })
  .superRefine(calendarRange);

/** A night's price in minor units (null: back to the room type's base rate). */
const nightPrice = jsonWholeNumber(0, 100_000_000).nullable();
/** The restrictions a calendar day can carry; each left out stays as it is. */
const restrictionFields = {
  minStay: jsonWholeNumber(1, 365).nullable().optional(),
  closedToArrival: z.boolean().optional(),
  closedToDeparture: z.boolean().optional(),
  stopSell: z.boolean().optional(),
};

/** PUT /api/v1/properties/{id}/rates: given nights of one rate plan and room type, each field given set. */
export const rateCalendarPutSchema = z.strictObject({
  ratePlanId: id,
  roomTypeId: id,
  nights: z
    .array(z.strictObject({ date: isoDate, price: nightPrice.optional(), ...restrictionFields }))
    .min(1)
    .max(MAX_CALENDAR_DAYS)
    .refine((nights) => new Set(nights.map((night) => night.date)).size === nights.length, {
      message: "validation.duplicateDates",
    }),
});

const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

/** POST /api/v1/properties/{id}/rates/bulk: the same values on every chosen weekday of a range, for some room types. */
export const rateCalendarBulkSchema = z
  .strictObject({
    roomTypeIds: z.array(id).min(1).max(50),
    ratePlanId: id,
    from: isoDate,
    to: isoDate,
    // ISO weekdays, 1 (Monday) to 7 (Sunday), or their names: "fri", "sat".
    weekdays: z
      .array(z.union([jsonWholeNumber(1, 7), z.enum(WEEKDAYS).transform((day) => WEEKDAYS.indexOf(day) + 1)]))
      .min(1)
      .max(7)
      .optional(),
    price: nightPrice.optional(),
    ...restrictionFields,
  })
  .superRefine(calendarRange)
  .refine(
    (bulk) =>
      bulk.price !== undefined ||
      bulk.minStay !== undefined ||
      bulk.closedToArrival !== undefined ||
      bulk.closedToDeparture !== undefined ||
      bulk.stopSell !== undefined,
    { message: "validation.nothingToChange", path: ["price"] },
  );

/** What the hotel writes about a room type or rate plan in each of the languages it offers. */
const translations = z.partialRecord(
  z.enum(SUPPORTED_LANGUAGES as [string, ...string[]]),
  z.strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    description: z.string().trim().max(2000).optional(),
  }),
);

const roomTypeFields = {
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000),
  capacity: jsonWholeNumber(1, 12),
  /** Floor area in square metres, to a tenth; null: not said. */
  sizeSqm: z
    .number({ message: "validation.number" })
    .gt(0)
    .lt(1000)
    .refine((size) => Math.abs(size * 10 - Math.round(size * 10)) < 1e-6, "validation.oneDecimal")
    .nullable(),
  beds: z
    .array(z.strictObject({ type: z.enum(BED_TYPES), count: jsonWholeNumber(1, 6) }))
    .max(8)
    .refine((beds) => new Set(beds.map((bed) => bed.type)).size === beds.length, "validation.duplicateBeds"),
  amenities: z
    .array(z.enum(AMENITIES))
    .max(AMENITIES.length)
    .transform((amenities) => [...new Set(amenities)]),
  baseRate: jsonWholeNumber(0, 100_000_000),
  sortOrder: jsonWholeNumber(0, 10_000),
  translations,
};

/** POST /api/v1/properties/{id}/room-types */
export const roomTypeCreateSchema = z.strictObject({
  code: z.string().regex(/^[A-Z0-9_]{1,16}$/, { message: "validation.code" }),
  ...roomTypeFields,
  description: roomTypeFields.description.default(""),
  sortOrder: roomTypeFields.sortOrder.default(0),
  translations: translations.default({}),
  sizeSqm: roomTypeFields.sizeSqm.default(null),
  beds: roomTypeFields.beds.default([]),
  amenities: roomTypeFields.amenities.default([]),
});

/** PATCH /api/v1/properties/{id}/room-types/{roomTypeId}: the fields given change; the code stays. */
export const roomTypePatchSchema = z
  .strictObject(roomTypeFields)
  .partial()
  .refine((fields) => Object.keys(fields).length > 0, { message: "validation.nothingToChange", path: ["body"] });

const roomFields = {
  number: z.string().trim().min(1).max(16),
  floor: jsonWholeNumber(-10, 300),
  accessibility: z.array(z.enum(ACCESSIBILITY_FEATURES)).max(ACCESSIBILITY_FEATURES.length),
};

/** POST /api/v1/properties/{id}/rooms */
export const roomCreateSchema = z.strictObject({
  ...roomFields,
  roomTypeId: id,
  accessibility: roomFields.accessibility.default([]),
});

/** PATCH /api/v1/properties/{id}/rooms/{roomId}: number, floor, features (a room keeps its type). */
export const roomPatchSchema = z
  .strictObject(roomFields)
  .partial()
  .refine((fields) => Object.keys(fields).length > 0, { message: "validation.nothingToChange", path: ["body"] });

const ratePlanFields = {
  name: z.string().trim().min(1).max(200),
  translations,
  // Free cancellation until N hours before arrival, a first-night fee whenever cancelled, or non-refundable.
  cancellation: z.enum(["free_until", "first_night_fee", "non_refundable"]),
  cancellationHours: jsonWholeNumber(0, 24 * 365).nullable(),
  payment: z.enum(["at_booking", "at_arrival", "first_night_at_booking"]),
  /** The room types the plan is sold for; null: every one. */
  roomTypeIds: z
    .array(id)
    .min(1)
    .max(200)
    .refine((ids) => new Set(ids).size === ids.length, { message: "validation.duplicateIds" })
    .nullable(),
  /** A derived plan: its parent's price per night, adjusted by a percent ({ratePlanId, percent: -12}). */
  derivedFrom: z
    .strictObject({
      ratePlanId: id,
      percent: z
        .number({ message: "validation.number" })
        .min(-95)
        .max(200)
        .refine(hundredths, { message: "validation.twoDecimals" }),
    })
    .nullable(),
  isDefault: z.literal(true),
};

const cancellationHoursRule = <T extends { cancellation?: string; cancellationHours?: number | null }>(
  plan: T,
  ctx: z.RefinementCtx,
) => {
  if (plan.cancellation !== undefined && plan.cancellation !== "free_until" && plan.cancellationHours != null) {
    ctx.addIssue({ code: "custom", path: ["cancellationHours"], message: "validation.onlyForFreeCancellation" });
  }
};

/** POST /api/v1/properties/{id}/rate-plans */
export const ratePlanCreateSchema = z
  .strictObject({
    code: z.string().regex(/^[A-Z0-9_]{1,16}$/, { message: "validation.code" }),
    ...ratePlanFields,
    translations: translations.default({}),
    cancellationHours: ratePlanFields.cancellationHours.default(null),
    payment: ratePlanFields.payment.default("at_arrival"),
    roomTypeIds: ratePlanFields.roomTypeIds.default(null),
    derivedFrom: ratePlanFields.derivedFrom.default(null),
    isDefault: ratePlanFields.isDefault.optional(),
  })
  .superRefine(cancellationHoursRule);

/** PATCH /api/v1/properties/{id}/rate-plans/{ratePlanId}: the fields given change; the code stays. */
export const ratePlanPatchSchema = z
  .strictObject(ratePlanFields)
  .partial()
  .superRefine(cancellationHoursRule)
  .refine((fields) => Object.keys(fields).length > 0, { message: "validation.nothingToChange", path: ["body"] });

/** POST /api/v1/properties/{id}/rooms/{roomId}/out-of-order: the nights [from, to) and why. */
export const roomBlockSchema = z
  .strictObject({ from: isoDate, to: isoDate, reason: z.string().trim().min(1).max(500) })
  .superRefine((range, ctx) => {
    if (!parseIsoDate(range.from) || !parseIsoDate(range.to)) return;
    const nights = nightsBetween(range.from, range.to);
    if (nights < 1) ctx.addIssue({ code: "custom", path: ["to"], message: "validation.endAfterStart" });
    else if (nights > 3660)
      ctx.addIssue({ code: "custom", path: ["to"], message: "validation.maxDays", params: { max: 3660 } });
  });

/** What a photo shows, per language; English at least (the fallback for every other). */
export const photoAltSchema = z
  .partialRecord(z.enum(SUPPORTED_LANGUAGES as [string, ...string[]]), z.string().trim().min(1).max(300))
  .refine((alt) => alt.en !== undefined, { message: "validation.altInEnglish", path: ["en"] });

/**
 * The alt text of an upload's form fields: `alt` (English) or `alt.<language>`
 * for each language; blank fields are left out.
 */
export function altFromForm(form: FormData): Record<string, string> {
  const alt: Record<string, string> = {};
  for (const [name, value] of form.entries()) {
    if (typeof value !== "string" || value.trim() === "") continue;
    if (name === "alt") alt.en = value;
    else if (name.startsWith("alt.")) alt[name.slice("alt.".length)] = value;
  }
  return alt;
}
