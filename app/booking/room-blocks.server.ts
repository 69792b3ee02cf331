// Rooms out of order for a window of nights, with a reason (issue 11). The
// database decides (migration 018): a window is refused while a stay occupies
// the room in it ('hotel:room_occupied', naming those stays, so the manager
// moves them first from the board), and no stay can be put into a window
// afterwards. Each change is one SERIALIZABLE, audited transaction; the live
// copy, the board and the desk follow room_blocks through their shapes.
import { currentTxid } from "./booking.server";
import { audit } from "./setup.server";
import { DomainError } from "~/domain/errors";
import { getPool, isPgError, withSerializableTx, type Actor } from "../../db/pool.server";

export type RoomBlock = { id: string; roomId: string; from: string; to: string; reason: string };

/** A stay in the way of a window: the manager moves it to another room first. */
export type StayInTheWay = {
  reservationId: string;
  reference: string;
  checkIn: string;
  checkOut: string;
  status: string;
};

const BLOCK_JSON = `json_build_object('id', b.id, 'roomId', b.room_id, 'from', b.starts, 'to', b.ends, 'reason', b.reason)`;

/** The property's windows that have not ended by `from` (a date), by room and start. */
export async function listRoomBlocks(propertyId: string, from: string): Promise<RoomBlock[]> {
  const { rows } = await getPool().query<{ block: RoomBlock }>(
    `SELECT ${BLOCK_JSON} AS block FROM room_blocks b WHERE b.property_id = $1 AND b.ends > $2::date
      ORDER BY b.room_id, b.starts`,
    [propertyId, from],
  );
  return rows.map((row) => row.block);
}

/** Takes a room out of order for the nights [from, to); 409 room_occupied with the stays in the way. */
export async function createRoomBlock(
  propertyId: string,
  roomId: string,
  window: { from: string; to: string; reason: string },
  actor: Actor,
): Promise<{ block: RoomBlock; txid: string }> {
  try {
    return await withSerializableTx({ actor, label: "setup" }, async (tx) => {
      const { rows } = await tx.query<{ block: RoomBlock }>(
        `INSERT INTO room_blocks AS b (property_id, room_id, starts, ends, reason)
         SELECT $1, r.id, $3, $4, $5 FROM rooms r WHERE r.id = $2 AND r.property_id = $1
         RETURNING ${BLOCK_JSON} AS block`,
        [propertyId, roomId, window.from, window.to, window.reason],
      );
      if (!rows[0]) throw new DomainError("not_found", "No such room at this property.", {});
      const block = rows[0].block;
      await audit(tx, {
        action: "room.out_of_order",
        entityType: "room",
        entityId: roomId,
        propertyId,
        changes: { blockId: block.id, ...window },
      });
      return { block, txid: await currentTxid(tx) };
    });
  } catch (error) {
    if (isPgError(error, "P0001") && error.message === "hotel:room_occupied") {
      const { stays } = JSON.parse(error.detail ?? "{}") as { stays: StayInTheWay[] };
      throw new DomainError("room_occupied", "Stays are booked in this room for those nights.", {
        field: "from",
        stays,
      });
    }
    if (isPgError(error, "23P01")) {
      throw new DomainError("invalid_setting", "The room is out of order for some of those nights already.", {
        field: "from",
      });
    }
    throw error;
  }
}

/** Puts the room back in service: the window is removed (the audit trail keeps it). */
export async function endRoomBlock(
  propertyId: string,
  roomId: string,
  blockId: string,
  actor: Actor,
): Promise<{ txid: string }> {
  return withSerializableTx({ actor, label: "setup" }, async (tx) => {
    const { rows } = await tx.query<{ block: RoomBlock }>(
      `DELETE FROM room_blocks b WHERE b.id = $3 AND b.room_id = $2 AND b.property_id = $1 RETURNING ${BLOCK_JSON} AS block`,
      [propertyId, roomId, blockId],
    );
    if (!rows[0]) throw new DomainError("not_found", "No such out-of-order window for this room.", {});
    await audit(tx, {
      action: "room.back_in_service",
      entityType: "room",
      entityId: roomId,
      propertyId,
      changes: rows[0].block,
    });
    return { txid: await currentTxid(tx) };
  });
}
