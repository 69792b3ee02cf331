// What a property sells, as its managers set it up (issue 11): room types
// (code, names and descriptions in the hotel's languages, capacity, base
// rate, order) and rooms (number, floor, type, accessibility features). Each
// change is one SERIALIZABLE transaction that writes its own audit event
// (who is stamped by the database, decision record 017). The live copy and
// the board follow these tables through their shapes.
import { currentTxid } from "./booking.server";
import type { Amenity, Bed } from "./room-details";
import { DomainError } from "~/domain/errors";
import { getPool, isPgError, withSerializableTx, type Actor, type Tx } from "../../db/pool.server";

export type Translations = Partial<Record<string, { name?: string; description?: string }>>;

export type RoomTypeSetup = {
  id: string;
  code: string;
  name: string;
  description: string;
  capacity: number;
  baseRate: number;
  sortOrder: number;
  translations: Translations;
  sizeSqm: number | null;
  beds: Bed[];
  amenities: Amenity[];
};

export type RoomSetup = {
  id: string;
  number: string;
  floor: number;
  roomTypeId: string;
  accessibility: string[];
  outOfOrder: boolean;
  housekeeping: string;
  /** Windows of nights [from, to) the room is out of order, from today on (room-blocks.server.ts). */
  outOfOrderWindows?: { id: string; from: string; to: string; reason: string }[];
};

const ROOM_TYPE_JSON = `json_build_object('id', rt.id, 'code', rt.code, 'name', rt.name, 'description', rt.description,
  'capacity', rt.capacity, 'baseRate', rt.base_rate, 'sortOrder', rt.sort_order, 'translations', rt.translations,
  'sizeSqm', rt.size_sqm, 'beds', rt.beds, 'amenities', rt.amenities)`;
const ROOM_JSON = `json_build_object('id', r.id, 'number', r.number, 'floor', r.floor, 'roomTypeId', r.room_type_id,
  'accessibility', r.accessibility, 'outOfOrder', r.out_of_order, 'housekeeping', r.housekeeping_status)`;

export async function listRoomTypes(propertyId: string): Promise<RoomTypeSetup[]> {
  const { rows } = await getPool().query<{ type: RoomTypeSetup }>(
    `SELECT ${ROOM_TYPE_JSON} AS type FROM room_types rt WHERE rt.property_id = $1 ORDER BY rt.sort_order, rt.name`,
    [propertyId],
  );
  return rows.map((row) => row.type);
}

export async function listRooms(propertyId: string): Promise<RoomSetup[]> {
  const { rows } = await getPool().query<{ room: RoomSetup }>(
    `SELECT ${ROOM_JSON}::jsonb || jsonb_build_object('outOfOrderWindows', (
              SELECT coalesce(jsonb_agg(jsonb_build_object('id', b.id, 'from', b.starts, 'to', b.ends, 'reason', b.reason)
                                        ORDER BY b.starts), '[]')
                FROM room_blocks b JOIN properties p ON p.id = b.property_id
               WHERE b.room_id = r.id AND b.ends > (now() AT TIME ZONE p.time_zone)::date)) AS room
       FROM rooms r WHERE r.property_id = $1 ORDER BY r.floor, r.number`,
    [propertyId],
  );
  return rows.map((row) => row.room);
}

/** One audit event for a catalogue change, in the change's transaction. */
export async function audit(
  tx: Tx,
  event: { action: string; entityType: string; entityId: string; propertyId: string; changes: unknown },
) {
  await tx.query(
    `INSERT INTO audit_events (actor, channel, action, entity_type, entity_id, property_id, changes)
     VALUES ('', '', $1, $2, $3, $4, $5)`,
    [event.action, event.entityType, event.entityId, event.propertyId, JSON.stringify(event.changes)],
  );
}

/** Each field a change named, as [before, after]. */
export function changesOf<T extends object>(fields: object, before: T, after: T): Record<string, [unknown, unknown]> {
  return Object.fromEntries(Object.keys(fields).map((key) => [key, [before[key as keyof T], after[key as keyof T]]]));
}

/** A unique key the change would break, as the field it is about; anything else is thrown on. */
export function taken(error: unknown, field: string, what: string): never {
  if (isPgError(error, "23505")) throw new DomainError("invalid_setting", `${what} is taken already.`, { field });
  throw error;
}

export type RoomTypeFields = Omit<RoomTypeSetup, "id">;

export async function createRoomType(
  propertyId: string,
  fields: RoomTypeFields,
  actor: Actor,
): Promise<{ roomType: RoomTypeSetup; txid: string }> {
  try {
    return await withSerializableTx({ actor, label: "setup" }, async (tx) => {
      const { rows } = await tx.query<{ type: RoomTypeSetup }>(
        `INSERT INTO room_types AS rt (property_id, code, name, description, capacity, base_rate, sort_order, translations,
                                       size_sqm, beds, amenities)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${ROOM_TYPE_JSON} AS type`,
        [
          propertyId,
          fields.code,
          fields.name,
          fields.description,
          fields.capacity,
          fields.baseRate,
          fields.sortOrder,
          JSON.stringify(fields.translations),
          fields.sizeSqm,
          JSON.stringify(fields.beds),
          fields.amenities,
        ],
      );
      const roomType = rows[0].type;
      await audit(tx, {
        action: "room_type.created",
        entityType: "room_type",
        entityId: roomType.id,
        propertyId,
        changes: fields,
      });
      return { roomType, txid: await currentTxid(tx) };
    });
  } catch (error) {
    taken(error, "code", "This code");
  }
}

export async function updateRoomType(
  propertyId: string,
  roomTypeId: string,
  fields: Partial<Omit<RoomTypeFields, "code">>,
  actor: Actor,
): Promise<{ roomType: RoomTypeSetup; txid: string }> {
  return withSerializableTx({ actor, label: "setup" }, async (tx) => {
    const { rows } = await tx.query<{ type: RoomTypeSetup; before: RoomTypeSetup }>(
      `WITH before AS (SELECT ${ROOM_TYPE_JSON} AS type FROM room_types rt WHERE rt.id = $2 AND rt.property_id = $1 FOR UPDATE)
       UPDATE room_types AS rt
          SET name = coalesce($3, rt.name), description = coalesce($4, rt.description),
              capacity = coalesce($5, rt.capacity), base_rate = coalesce($6, rt.base_rate),
              sort_order = coalesce($7, rt.sort_order), translations = coalesce($8::jsonb, rt.translations),
              size_sqm = CASE WHEN $9::boolean THEN $10 ELSE rt.size_sqm END,
              beds = coalesce($11::jsonb, rt.beds), amenities = coalesce($12, rt.amenities)
         FROM before
        WHERE rt.id = $2 AND rt.property_id = $1
       RETURNING ${ROOM_TYPE_JSON} AS type, before.type AS before`,
      [
        propertyId,
        roomTypeId,
        fields.name ?? null,
        fields.description ?? null,
        fields.capacity ?? null,
        fields.baseRate ?? null,
        fields.sortOrder ?? null,
        fields.translations ? JSON.stringify(fields.translations) : null,
        fields.sizeSqm !== undefined,
        fields.sizeSqm ?? null,
        fields.beds ? JSON.stringify(fields.beds) : null,
        fields.amenities ?? null,
      ],
    );
    if (!rows[0]) throw new DomainError("not_found", "No such room type at this property.", {});
    const roomType = rows[0].type;
    const before = rows[0].before;
    await audit(tx, {
      action: "room_type.changed",
      entityType: "room_type",
      entityId: roomTypeId,
      propertyId,
      changes: changesOf(fields, before, roomType),
    });
    return { roomType, txid: await currentTxid(tx) };
  });
}

export type RoomFields = { number: string; floor: number; roomTypeId: string; accessibility: string[] };

export async function createRoom(
  propertyId: string,
  fields: RoomFields,
  actor: Actor,
): Promise<{ room: RoomSetup; txid: string }> {
  try {
    return await withSerializableTx({ actor, label: "setup" }, async (tx) => {
      const { rows } = await tx.query<{ room: RoomSetup }>(
        `INSERT INTO rooms AS r (property_id, room_type_id, number, floor, accessibility)
         SELECT $1, rt.id, $3, $4, $5 FROM room_types rt WHERE rt.id = $2 AND rt.property_id = $1
         RETURNING ${ROOM_JSON} AS room`,
        [propertyId, fields.roomTypeId, fields.number, fields.floor, [...new Set(fields.accessibility)].sort()],
      );
      if (!rows[0]) {
        throw new DomainError("not_found", "No such room type at this property.", { field: "roomTypeId" });
      }
      const room = rows[0].room;
      await audit(tx, { action: "room.created", entityType: "room", entityId: room.id, propertyId, changes: fields });
      return { room, txid: await currentTxid(tx) };
    });
  } catch (error) {
    taken(error, "number", "This room number");
  }
}

/** A room's number, floor and features; its type stays (stays booked in it were sold as that type). */
export async function updateRoom(
  propertyId: string,
  roomId: string,
  fields: Partial<Omit<RoomFields, "roomTypeId">>,
  actor: Actor,
): Promise<{ room: RoomSetup; txid: string }> {
  try {
    return await withSerializableTx({ actor, label: "setup" }, async (tx) => {
      const { rows } = await tx.query<{ room: RoomSetup; before: RoomSetup }>(
        `WITH before AS (SELECT ${ROOM_JSON} AS room FROM rooms r WHERE r.id = $2 AND r.property_id = $1 FOR UPDATE)
         UPDATE rooms AS r
            SET number = coalesce($3, r.number), floor = coalesce($4, r.floor),
                accessibility = coalesce($5, r.accessibility)
           FROM before
          WHERE r.id = $2 AND r.property_id = $1
         RETURNING ${ROOM_JSON} AS room, before.room AS before`,
        [
          propertyId,
          roomId,
          fields.number ?? null,
          fields.floor ?? null,
          fields.accessibility ? [...new Set(fields.accessibility)].sort() : null,
        ],
      );
      if (!rows[0]) throw new DomainError("not_found", "No such room at this property.", {});
      const { room, before } = rows[0];
      await audit(tx, {
        action: "room.changed",
        entityType: "room",
        entityId: roomId,
        propertyId,
        changes: changesOf(fields, before, room),
      });
      return { room, txid: await currentTxid(tx) };
    });
  } catch (error) {
    taken(error, "number", "This room number");
  }
}
