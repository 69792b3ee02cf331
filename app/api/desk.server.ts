// Shared by the front desk's endpoints: the desk's permission, the booking,
// reservation, room or property it acts on (404 to staff of other
// properties, as to a wrong id), and the optional or required Idempotency-Key.
import { z } from "zod";
import { staffCovers, type Auth } from "~/auth/session.server";
import { actorFor, readableBooking } from "~/booking/access.server";
import type { Idempotency } from "~/booking/booking.server";
import type { BookingView } from "~/booking/reads.server";
import { propertyOfRoom } from "~/booking/stays.server";
import { propertyOfReservation } from "~/privacy/rights.server";
import type { Actor } from "../../db/pool.server";
import { bookingJson } from "./bookings.server";
import { apiHandler, json, methodNotAllowed, problem } from "./problem.server";
import { requirePropertyManagement } from "./property-setup.server";
import { readJsonBody, requestHash, requireApiPermission, requireIdempotencyKey } from "./request.server";

/** A signed-in account whose role works the front desk; 401/403 otherwise. */
export async function requireDesk(request: Request): Promise<{ auth: Auth; actor: Actor }> {
  const auth = await requireApiPermission(request, "desk:operate");
  return { auth, actor: actorFor(auth, "front_desk") };
}

/**
 * The desk's management of one property (hold duration, night audit):
 * managers and admins (403 for other roles), of that property (404
 * elsewhere, as for an unknown id).
 */
export function requireDeskManager(
  request: Request,
  propertyId: string | undefined,
): Promise<{ auth: Auth; actor: Actor; propertyId: string }> {
  return requirePropertyManagement(request, propertyId, "desk:manage", "front_desk");
}

/** A booking of one of the clerk's properties, or the same 404 as a wrong reference. */
export async function requireDeskBooking(auth: Auth, reference: string | undefined): Promise<BookingView> {
  const booking = await readableBooking(auth.account, reference);
  if (!booking || !staffCovers(auth.account, booking.propertyId)) {
    throw problem({ status: 404, code: "booking_not_found" });
  }
  return booking;
}

/** A reservation id at one of the clerk's properties, or 404. */
export async function requireDeskReservation(auth: Auth, id: string | undefined): Promise<string> {
  const parsed = z.uuid().safeParse(id);
  const propertyId = parsed.success ? await propertyOfReservation(parsed.data) : undefined;
  if (!parsed.success || !propertyId || !staffCovers(auth.account, propertyId)) {
    throw problem({ status: 404, code: "reservation_not_found" });
  }
  return parsed.data;
}

/** A room id at one of the clerk's properties, or 404. */
export async function requireDeskRoom(auth: Auth, id: string | undefined): Promise<string> {
  const parsed = z.uuid().safeParse(id);
  const propertyId = parsed.success ? await propertyOfRoom(parsed.data) : undefined;
  if (!parsed.success || !propertyId || !staffCovers(auth.account, propertyId)) {
    throw problem({ status: 404, code: "room_not_found" });
  }
  return parsed.data;
}

/**
 * The request's Idempotency-Key scoped to the caller and to what is asked
 * (`command` and its target: one key on two bookings is two requests), or
 * undefined when the key is optional and absent.
 */
export function deskIdempotency(
  request: Request,
  auth: Auth,
  what: unknown,
  options: { required: boolean },
): Idempotency | undefined {
  if (!options.required && !request.headers.get("idempotency-key")) return undefined;
  return {
    caller: `account:${auth.account.id}`,
    key: requireIdempotencyKey(request),
    requestHash: requestHash(what),
  };
}

type CommandResult = { booking: BookingView; txid: string; replayed?: boolean };

/**
 * A front-desk POST endpoint that acts on one booking (`{reference}`) or one
 * reservation (`{reservationId}`): the desk's permission, the target at one
 * of the clerk's properties (else 404), the JSON body when the command takes
 * one, the Idempotency-Key scoped to command, target and body, then the
 * engine's command; answers `{booking, txid}`.
 */
export function deskCommand<Body extends object = object>(options: {
  command: string;
  on: "booking" | "reservation";
  body?: z.ZodType<Body>;
  idempotencyRequired?: boolean;
  run: (
    input: { reference?: string; reservationId?: string } & Body,
    context: { auth: Auth; actor: Actor; idempotency: Idempotency | undefined },
  ) => Promise<CommandResult>;
}) {
  return ({ request, params }: { request: Request; params: Record<string, string | undefined> }) =>
    apiHandler(request, async () => {
      if (request.method !== "POST") return methodNotAllowed(["POST"]);
      const { auth, actor } = await requireDesk(request);
      const target =
        options.on === "booking"
          ? { reference: (await requireDeskBooking(auth, params.reference)).reference }
          : { reservationId: await requireDeskReservation(auth, params.reservationId) };
      const body = options.body ? options.body.parse(await readJsonBody(request)) : ({} as Body);
      const input = { ...target, ...body };
      const idempotency = deskIdempotency(
        request,
        auth,
        { command: options.command, ...input },
        { required: options.idempotencyRequired ?? false },
      );
      const result = await options.run(input, { auth, actor, idempotency });
      return json(
        { booking: bookingJson(result.booking), txid: result.txid },
        { headers: result.replayed ? { "Idempotent-Replayed": "true" } : {} },
      );
    });
}
