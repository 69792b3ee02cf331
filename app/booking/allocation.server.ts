// Choosing concrete rooms for a stay inside the booking transaction, and
// spreading the party over them. The exclusion constraint stays the guarantee
// against double booking; this only picks rooms so that racing bookers spread
// over the free ones instead of colliding (decision record 003).
import { getPool, type Tx } from "../../db/pool.server";
import { DomainError } from "~/domain/errors";
import { occupies, occupiesNow } from "./occupancy.server";

export type RoomChoice = {
  roomTypeId: string;
  checkIn: string;
  checkOut: string;
  needs: string[];
  count: number;
  roomId?: string;
  /** A reservation being moved does not block itself. */
  ignoreReservationId?: string;
  /** Try this room first (keep a guest in their room when dates change). */
  preferRoomId?: string;
};

/**
 * Locks up to `count` free rooms of a type. Rooms without accessibility
 * features come first, so accessible rooms go to guests who need them unless
 * nothing else is free (28 CFR 36.302(e)). SKIP LOCKED lets racing bookers
 * take different rooms; rooms locked by someone else are waited for only when
 * the free ones run out, so a booker never reports "sold out" while a room
 * is merely locked by a transaction that may still roll back.
 */
export async function lockFreeRooms(tx: Tx, args: RoomChoice): Promise<{ id: string; number: string }[]> {
  // Candidates are ranked first (rooms never change under a booking, so
  // reading them costs no conflicts), then probed one by one in that order
  // until enough are free: each probe reads only that room's index entries,
  // which keeps this transaction's predicate locks small. Among equal rooms
  // the rank is a hash of room and arrival day, so bookers for different
  // dates start at different rooms instead of all probing the first one.
  const sql = (skipLocked: boolean) =>
    `WITH candidate AS MATERIALIZED (
       SELECT r.id, r.number FROM rooms r
        WHERE r.room_type_id = $1 AND NOT r.out_of_order AND r.accessibility @> $4::text[]
          AND ($6::uuid IS NULL OR r.id = $6) AND NOT (r.id = ANY($8::uuid[]))
        ORDER BY (r.id = $9::uuid) DESC NULLS LAST, cardinality(r.accessibility),
                 hashtext(r.id::text || $2::text)
     )
     SELECT r.id, r.number FROM candidate c JOIN rooms r ON r.id = c.id
      WHERE NOT EXISTS (
          SELECT 1 FROM reservations x
           WHERE x.room_id = c.id AND x.check_out > $2::date AND x.check_in < $3::date
             AND ${occupies("x")}
             AND ($7::uuid IS NULL OR x.id <> $7))
      LIMIT $5
      FOR UPDATE OF r${skipLocked ? " SKIP LOCKED" : ""}`;
  const params = (count: number, taken: string[]) => [
    args.roomTypeId,
    args.checkIn,
    args.checkOut,
    args.needs,
    count,
    args.roomId ?? null,
    args.ignoreReservationId ?? null,
    taken,
    args.preferRoomId ?? null,
  ];
  const first = await tx.query<{ id: string; number: string }>(sql(true), params(args.count, []));
  if (first.rows.length >= args.count) return first.rows;
  const rest = await tx.query<{ id: string; number: string }>(
    sql(false),
    params(
      args.count - first.rows.length,
      first.rows.map((room) => room.id),
    ),
  );
  return [...first.rows, ...rest.rows];
}

export type PartySplit = { adults: number; children: number }[];

/**
 * Spread a party over the rooms as evenly as possible, adults first, then each
 * child to the emptiest room. Whether a room sleeps that many is the booking
 * statement's check (it knows the room type's capacity).
 */
export function splitParty(adults: number, children: number, rooms: number): PartySplit {
  if (adults < rooms) {
    throw new DomainError("party_too_large", "Each room needs at least one adult.", { field: "adults" });
  }
  const split = Array.from({ length: rooms }, (_, i) => ({
    adults: Math.floor(adults / rooms) + (i < adults % rooms ? 1 : 0),
    children: 0,
  }));
  for (let child = 0; child < children; child++) {
    const room = split.reduce((best, r) => (r.adults + r.children < best.adults + best.children ? r : best));
    room.children++;
  }
  return split;
}

export type RoomAlternative = { roomId: string; roomNumber: string };

/**
 * The next free rooms of a room's type for a stay, to offer when that room
 * was taken: a hint read outside any transaction (the constraint decides
 * when one of them is held), accessible rooms last.
 */
export async function freeRoomsLike(args: {
  roomId: string;
  checkIn: string;
  checkOut: string;
}): Promise<RoomAlternative[]> {
  const { rows } = await getPool().query<RoomAlternative>(
    `SELECT r.id AS "roomId", r.number AS "roomNumber"
       FROM rooms r
      WHERE r.room_type_id = (SELECT room_type_id FROM rooms WHERE id = $1) AND r.id <> $1 AND NOT r.out_of_order
        AND NOT EXISTS (
          SELECT 1 FROM reservations x
           WHERE x.room_id = r.id AND x.check_out > $2::date AND x.check_in < $3::date AND ${occupiesNow("x")})
      ORDER BY cardinality(r.accessibility), length(r.number), r.number
      LIMIT 3`,
    [args.roomId, args.checkIn, args.checkOut],
  );
  return rows;
}
