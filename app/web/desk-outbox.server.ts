// The desk's outbox on the server: one change a clerk made offline, replayed
// by the page when the network returned (app/offline/outbox.ts), run as the
// same desk form it would have been online, under the item's idempotency
// key, so a replay whose answer was lost changes nothing twice. A walk-in
// made offline is a hold on the chosen room and its confirmation in one go;
// a room sold meanwhile answers 409 with the next free rooms of its type.
import { z } from "zod";
import type { Auth } from "~/auth/session.server";
import { runDeskForm, type DeskAnswer, type DeskResult } from "./desk.server";

const item = z.object({
  key: z.uuid(),
  propertyId: z.uuid(),
  intent: z.enum(["check-in", "check-out", "housekeeping", "walk-in"]),
  fields: z.record(z.string().max(40), z.string().max(400)),
});

export type OutboxAnswer = DeskAnswer;

const formOf = (fields: Record<string, string | undefined>) => {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) form.set(name, value);
  return form;
};

const invalid = (): DeskResult => ({
  answer: { ok: false, intent: "outbox", problems: [{ field: "", key: "validation.invalid" }] },
  status: 422,
});

/** Replay one outbox item for the signed-in clerk; the desk form's answer and status. */
export async function replayOutboxItem(auth: Auth, body: unknown): Promise<DeskResult> {
  const parsed = item.safeParse(body);
  if (!parsed.success) return invalid();
  const { key, propertyId, intent, fields } = parsed.data;
  if (intent !== "walk-in") return runDeskForm(auth, propertyId, formOf({ ...fields, intent, key }));
  const held = await runDeskForm(
    auth,
    propertyId,
    formOf({
      intent: "hold",
      key,
      roomId: fields.roomId,
      checkIn: fields.checkIn,
      checkOut: fields.checkOut,
      adults: fields.adults,
    }),
  );
  if (!held.answer.ok) return { answer: { ...held.answer, intent }, status: held.status };
  const confirmed = await runDeskForm(
    auth,
    propertyId,
    formOf({ ...fields, intent: "confirm", key, reference: held.answer.reference }),
  );
  return { answer: { ...confirmed.answer, intent }, status: confirmed.status };
}
