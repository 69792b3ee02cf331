// The front desk page's side of the desk engine (app/booking/desk.server.ts,
// app/booking/stays.server.ts, app/booking/house.server.ts): one form per
// command, each scoped to the clerk's property, recorded under the clerk
// through the front desk, and answered with the write's txid or the form's
// problems and the API's status. The hold duration and the night audit are
// for managers and admins only (403 to the front desk).
import { createHash, randomUUID } from "node:crypto";
import { z } from "zod";
import { can } from "~/auth/permissions";
import { staffCovers, type Auth } from "~/auth/session.server";
import { actorFor } from "~/booking/access.server";
import { changeDates, type Idempotency } from "~/booking/booking.server";
import { confirmDeskHold, extendHold, placeHold, releaseHold, type RoomAlternative } from "~/booking/desk.server";
import { deskBookingStays, deskStay, propertyOfStay } from "~/booking/desk-reads.server";
import { runNightAudit, setHoldMinutes } from "~/booking/house.server";
import { DOCUMENT_TYPES, HOUSEKEEPING_STATES } from "~/booking/schemas";
import { checkIn, checkOut, markNoShow, moveRoom, propertyOfRoom, setHousekeeping } from "~/booking/stays.server";
import { DomainError, isDomainError } from "~/domain/errors";
import type { FieldProblem } from "~/i18n/validation";
import { toFormProblems } from "./problems.server";

const id = z.uuid({ message: "validation.id" });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "validation.date");
const optional = (value: FormDataEntryValue | null) => (typeof value === "string" && value.trim() ? value : undefined);

const holdForm = z.object({
  checkIn: isoDate,
  checkOut: isoDate,
  roomTypeId: id.optional(),
  roomId: id.optional(),
  adults: z.coerce.number().int().min(1).max(36),
});

const identityFields = {
  documentType: z.enum(DOCUMENT_TYPES),
  country: z.string().regex(/^[A-Za-z]{2}$/, "validation.countryCode"),
  number: z.string().trim().min(2, "validation.required").max(40),
};

const identityForm = z.object({ reservationId: id, ...identityFields });

export type IdentityCheckForm = z.infer<typeof identityForm>;

/**
 * The identity check of a stay at the property, recorded by `record` (the
 * guest's rights layer, which pages reach only through their route); its
 * problems and status as any other desk form's.
 */
export async function runIdentityForm(
  auth: Auth,
  propertyId: string,
  form: FormData,
  record: (check: IdentityCheckForm) => Promise<unknown>,
): Promise<DeskResult> {
  const intent = "identity";
  try {
    if (!staffCovers(auth.account, propertyId)) throw notFound();
    const check = identityForm.parse({
      reservationId: form.get("reservationId"),
      documentType: form.get("documentType"),
      country: form.get("country"),
      number: form.get("number"),
    });
    if ((await propertyOfStay(check.reservationId)) !== propertyId) throw notFound();
    await record(check);
    return { answer: { ok: true, intent, reservationId: check.reservationId }, status: 201 };
  } catch (error) {
    return failed(intent, error);
  }
}

const confirmForm = z.object({
  reference: z.string().min(1).max(20),
  fullName: z.string().trim().min(1, "validation.required").max(200),
  email: z.email("validation.email").max(254).optional(),
  phone: z.string().trim().max(40).optional(),
  ...identityFields,
});

export type DeskAnswer =
  | { ok: true; intent: string; txid?: string; reference?: string; reservationId?: string; noShows?: number }
  | { ok: false; intent: string; problems: FieldProblem[]; alternatives?: RoomAlternative[]; hold?: HoldAsked };

type HoldAsked = { checkIn: string; checkOut: string; adults: number };

export type DeskResult = { answer: DeskAnswer; status: number };

function failed(intent: string, error: unknown, extra: Partial<Extract<DeskAnswer, { ok: false }>> = {}): DeskResult {
  const { problems, status } = toFormProblems(error);
  return { answer: { ok: false, intent, problems, ...extra }, status };
}

const notFound = () => new DomainError("not_found", "Not at this property.");

/** The forms only managers and admins may send. */
const MANAGER_INTENTS = new Set(["hold-minutes", "night-audit"]);

/** Run one of the desk's forms for `propertyId`; business failures come back as problems, never thrown. */
export async function runDeskForm(auth: Auth, propertyId: string, form: FormData): Promise<DeskResult> {
  const intent = String(form.get("intent") ?? "");
  const actor = actorFor(auth, "front_desk");
  if (!staffCovers(auth.account, propertyId)) return failed(intent, notFound());
  if (MANAGER_INTENTS.has(intent) && !can(auth.account.role, "desk:manage")) {
    return { answer: { ok: false, intent, problems: [] }, status: 403 };
  }
  // The form's key (drawn with the page, or an offline outbox item's): one command per key, so a
  // double submit or a replay whose answer was lost changes nothing twice. Only a digest of what
  // was asked is kept with it (a confirmation carries the guest's name).
  const key = optional(form.get("key"));
  const keyed = (what: unknown): Idempotency | undefined =>
    key
      ? {
          caller: `account:${auth.account.id}`,
          key: `desk-${intent}:${key}`,
          requestHash: createHash("sha256").update(JSON.stringify(what)).digest("hex"),
        }
      : undefined;
  try {
    switch (intent) {
      case "hold": {
        const input = holdForm.parse({
          checkIn: form.get("checkIn"),
          checkOut: form.get("checkOut"),
          // A room chosen from the rack decides the type.
          roomTypeId: optional(form.get("roomId")) ? undefined : optional(form.get("roomTypeId")),
          roomId: optional(form.get("roomId")),
          adults: form.get("adults") ?? "1",
        });
        try {
          const result = await placeHold({ ...input, propertyId }, actor, keyed(input));
          return {
            answer: { ok: true, intent, txid: result.txid, reference: result.booking.reference },
            status: 201,
          };
        } catch (error) {
          const alternatives = isDomainError(error, "room_unavailable")
            ? (error.details.alternatives as RoomAlternative[] | undefined)
            : undefined;
          return failed(intent, error, {
            alternatives,
            hold: { checkIn: input.checkIn, checkOut: input.checkOut, adults: input.adults },
          });
        }
      }
      case "confirm": {
        const input = confirmForm.parse({
          reference: form.get("reference"),
          fullName: form.get("fullName"),
          email: optional(form.get("email")),
          phone: optional(form.get("phone")),
          documentType: form.get("documentType"),
          country: form.get("country"),
          number: form.get("number"),
        });
        const stays = await deskBookingStays(propertyId, input.reference);
        if (stays.length === 0) throw notFound();
        const result = await confirmDeskHold(
          {
            reference: stays[0].reference,
            guest: { fullName: input.fullName, email: input.email ?? null, phone: input.phone ?? null },
            identity: { documentType: input.documentType, country: input.country, number: input.number },
            checkedBy: auth.account.id,
          },
          actor,
          keyed(input),
        );
        return {
          answer: { ok: true, intent, txid: result.txid, reference: stays[0].reference, reservationId: stays[0].id },
          status: 200,
        };
      }
      case "release":
      case "extend": {
        const reference = z.string().min(1).max(20).parse(form.get("reference"));
        const stays = await deskBookingStays(propertyId, reference);
        if (stays.length === 0) throw notFound();
        const command = intent === "release" ? releaseHold : extendHold;
        const result = await command({ reference: stays[0].reference }, actor);
        return { answer: { ok: true, intent, txid: result.txid, reference: stays[0].reference }, status: 200 };
      }
      case "check-in":
      case "check-out":
      case "no-show":
      case "move": {
        const reservationId = id.parse(form.get("reservationId"));
        if ((await propertyOfStay(reservationId)) !== propertyId) throw notFound();
        const result =
          intent === "move"
            ? await moveRoom({ reservationId, roomId: id.parse(form.get("roomId")) }, actor)
            : await { "check-in": checkIn, "check-out": checkOut, "no-show": markNoShow }[intent](
                { reservationId },
                actor,
                keyed({ reservationId }),
              );
        return { answer: { ok: true, intent, txid: result.txid, reservationId }, status: 200 };
      }
      case "change-dates": {
        // The stay's new check-out; a guest in house keeps their arrival and their room.
        const reservationId = id.parse(form.get("reservationId"));
        const checkOut = isoDate.parse(form.get("checkOut"));
        const stay = await deskStay(propertyId, reservationId);
        if (!stay) throw notFound();
        const result = await changeDates(
          { reference: stay.reference, reservationId, checkIn: stay.checkIn, checkOut },
          actor,
          { inHouse: true },
        );
        return { answer: { ok: true, intent, txid: result.txid, reservationId }, status: 200 };
      }
      case "hold-minutes": {
        const holdMinutes = z.coerce
          .number({ message: "validation.number" })
          .int({ message: "validation.wholeNumber" })
          .min(1)
          .max(240)
          .parse(form.get("holdMinutes"));
        await setHoldMinutes({ propertyId, holdMinutes }, actor);
        // No shape carries the property: "saved" once committed; the page's data reloads with it.
        return { answer: { ok: true, intent }, status: 200 };
      }
      case "night-audit": {
        const result = await runNightAudit({ propertyId }, actor);
        // The stays it marked may lie outside the rack's nights, so no txid to wait for: the count says what it did.
        return { answer: { ok: true, intent, noShows: result.noShows.length }, status: 200 };
      }
      case "housekeeping": {
        const roomId = id.parse(form.get("roomId"));
        const state = z.enum(HOUSEKEEPING_STATES).parse(form.get("state"));
        if ((await propertyOfRoom(roomId)) !== propertyId) throw notFound();
        const result = await setHousekeeping({ roomId, state }, actor);
        return { answer: { ok: true, intent, txid: result.txid }, status: 200 };
      }
      default:
        return failed(intent, new z.ZodError([{ code: "custom", path: ["intent"], message: "validation.required" }]));
    }
  } catch (error) {
    // A room taken meanwhile (a move): the next free rooms of its type go with the message.
    const alternatives = isDomainError(error, "room_unavailable")
      ? (error.details.alternatives as RoomAlternative[] | undefined)
      : undefined;
    return failed(intent, error, alternatives ? { alternatives } : {});
  }
}

/** A fresh key for a form drawn now. */
export const formKey = () => randomUUID();
