// What the front desk's page reads beyond its shapes: guests' names for the
// stays on screen (decrypted here, for staff of the property only, never
// put in a shape), today's arrivals, guests in house and departures with a
// search by reference or name, and one stay for the details panel.
import { getPool } from "../../db/pool.server";
import { openGuest, type GuestRow } from "./guests.server";
import type { ReservationStatus } from "./status";

/** The name on each of these bookings of the property (an erased or unnamed guest: null). */
export async function guestNames(propertyId: string, bookingIds: string[]): Promise<Record<string, string | null>> {
  if (bookingIds.length === 0) return {};
  const { rows } = await getPool().query<{ id: string; guest: GuestRow | null }>(
    `SELECT b.id,
            CASE WHEN g.id IS NULL THEN NULL
                 ELSE json_build_object('id', g.id, 'data_key_enc', k.wrapped, 'pii_enc', g.pii_enc) END AS guest
       FROM bookings b
       LEFT JOIN guests g ON g.id = b.guest_id
       LEFT JOIN data_keys k ON k.subject = 'guest:' || g.id
      WHERE b.property_id = $1 AND b.id = ANY($2::uuid[])`,
    [propertyId, bookingIds.slice(0, 2000)],
  );
  return Object.fromEntries(rows.map((row) => [row.id, row.guest ? (openGuest(row.guest)?.fullName ?? null) : null]));
}

export type DeskStay = {
  id: string;
  bookingId: string;
  reference: string;
  roomId: string;
  roomNumber: string;
  roomTypeName: string;
  housekeeping: string;
  checkIn: string;
  checkOut: string;
  status: ReservationStatus;
  adults: number;
  children: number;
  holdExpiresAt: string | null;
  identityChecked: boolean;
  guestName: string | null;
};

type StayRow = Omit<DeskStay, "guestName"> & { guest: GuestRow | null };

const STAY_SELECT = `
  SELECT x.id, x.booking_id AS "bookingId", b.reference, x.room_id AS "roomId", r.number AS "roomNumber",
         rt.name AS "roomTypeName", r.housekeeping_status AS housekeeping,
         to_char(x.check_in, 'YYYY-MM-DD') AS "checkIn", to_char(x.check_out, 'YYYY-MM-DD') AS "checkOut",
         x.status, x.adults, x.children, to_json(x.hold_expires_at) #>> '{}' AS "holdExpiresAt",
         EXISTS (SELECT 1 FROM guest_documents d WHERE d.guest_id = b.guest_id) AS "identityChecked",
         CASE WHEN g.id IS NULL THEN NULL
              ELSE json_build_object('id', g.id, 'data_key_enc', k.wrapped, 'pii_enc', g.pii_enc) END AS guest
    FROM reservations x
    JOIN bookings b ON b.id = x.booking_id
    JOIN rooms r ON r.id = x.room_id
    JOIN room_types rt ON rt.id = x.room_type_id
    LEFT JOIN guests g ON g.id = b.guest_id
    LEFT JOIN data_keys k ON k.subject = 'guest:' || g.id`;

function opened({ guest, ...row }: StayRow): DeskStay {
  return { ...row, guestName: guest ? (openGuest(guest)?.fullName ?? null) : null };
}

/** One reservation of the property, for the details panel; undefined elsewhere. */
export async function deskStay(propertyId: string, reservationId: string): Promise<DeskStay | undefined> {
  const { rows } = await getPool().query<StayRow>(`${STAY_SELECT} WHERE x.property_id = $1 AND x.id = $2`, [
    propertyId,
    reservationId,
  ]);
  return rows[0] && opened(rows[0]);
}

/** The reservations of one booking of the property (a walk-in's hold). */
export async function deskBookingStays(propertyId: string, reference: string): Promise<DeskStay[]> {
  const { rows } = await getPool().query<StayRow>(
    `${STAY_SELECT} WHERE x.property_id = $1 AND b.reference = upper($2) ORDER BY r.number`,
    [propertyId, reference],
  );
  return rows.map(opened);
}

export type DeskDay = { arrivals: DeskStay[]; inHouse: DeskStay[]; departures: DeskStay[] };

/**
 * Today's movements at the property: arrivals (due or already in), guests in
 * house, departures (due or already out). `search` keeps the stays whose
 * booking reference starts with it or whose guest's name contains it; names
 * are compared here, after decryption, and never leave but for these stays.
 */
export async function deskDay(propertyId: string, today: string, search?: string): Promise<DeskDay> {
  const { rows } = await getPool().query<StayRow>(
    `${STAY_SELECT}
      WHERE x.property_id = $1
        AND ((x.check_in = $2::date AND x.status IN ('confirmed', 'checked_in', 'no_show'))
          OR (x.status = 'checked_in')
          OR (x.check_out = $2::date AND x.status IN ('checked_in', 'checked_out')))
      ORDER BY length(r.number), r.number`,
    [propertyId, today],
  );
  const needle = search?.trim().toLocaleLowerCase() ?? "";
  const stays = rows
    .map(opened)
    .filter(
      (stay) =>
        !needle ||
        stay.reference.toLowerCase().startsWith(needle) ||
        (stay.guestName ?? "").toLocaleLowerCase().includes(needle),
    );
  return {
    arrivals: stays.filter((stay) => stay.checkIn === today),
    inHouse: stays.filter((stay) => stay.status === "checked_in"),
    departures: stays.filter((stay) => stay.checkOut === today),
  };
}

/** The property a reservation belongs to. */
export async function propertyOfStay(reservationId: string): Promise<string | undefined> {
  const { rows } = await getPool().query<{ property_id: string }>(
    `SELECT property_id FROM reservations WHERE id = $1`,
    [reservationId],
  );
  return rows[0]?.property_id;
}
