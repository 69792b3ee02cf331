// Changing a room's state from the house screens: housekeeping and out of
// order. One SERIALIZABLE transaction, an audit event in it, and the
// transaction id back so the screen can wait for the change to sync.
import { z } from "zod";
import type { Auth } from "~/auth/session.server";
import { actorFor } from "~/booking/access.server";
import { withSerializableTx } from "../../db/pool.server";
import { HOUSEKEEPING } from "./model";

export const roomStateSchema = z
  .object({
    roomId: z.uuid({ message: "validation.id" }),
    housekeeping: z.enum(HOUSEKEEPING).optional(),
    outOfOrder: z.enum(["yes", "no"]).optional(),
  })
  .refine((value) => value.housekeeping !== undefined || value.outOfOrder !== undefined, {
    message: "validation.required",
    path: ["housekeeping"],
  });

export type RoomStateChange = z.infer<typeof roomStateSchema>;

/** The new state, or undefined when the room is not one of the account's properties. */
export async function setRoomState(auth: Auth, change: RoomStateChange): Promise<{ txid: string } | undefined> {
  const { account } = auth;
  const actor = actorFor(auth);
  return withSerializableTx({ actor }, async (tx) => {
    const { rows } = await tx.query<{ txid: string }>(
      `WITH before AS (
         SELECT id, property_id, housekeeping_status, out_of_order FROM rooms
          WHERE id = $1 AND property_id = ANY($4::uuid[]) FOR UPDATE
       ), after AS (
         UPDATE rooms r SET housekeeping_status = coalesce($2, r.housekeeping_status),
                            out_of_order = coalesce($3, r.out_of_order)
           FROM before WHERE r.id = before.id
         RETURNING r.id, r.property_id, r.housekeeping_status, r.out_of_order
       ), audit AS (
         INSERT INTO audit_events (actor, channel, action, entity_type, entity_id, property_id, changes)
         SELECT $5, $6, 'room.state', 'room',
                after.id, after.property_id,
                jsonb_build_object('housekeeping_status', jsonb_build_array(before.housekeeping_status, after.housekeeping_status),
                                   'out_of_order', jsonb_build_array(before.out_of_order, after.out_of_order))
           FROM before JOIN after ON after.id = before.id
       )
       SELECT pg_current_xact_id()::xid::text AS txid FROM after`,
      [
        change.roomId,
        change.housekeeping ?? null,
        change.outOfOrder === undefined ? null : change.outOfOrder === "yes",
        account.propertyIds,
        actor.id,
        actor.channel,
      ],
    );
    return rows[0];
  });
}
