// Reading bookings: one booking by reference, a guest's bookings, and the
// view of a booking every page, API answer and replay store shows.
import { getPool, type Db, type Tx } from "../../db/pool.server";
import { openGuest, type GuestRow } from "./guests.server";
import type { ReservationStatus } from "./status";

export type Channel = "online" | "front_desk" | "ota";

export type ReservationView = {
  id: string;
  roomTypeId: string;
  roomTypeName: string;
  roomId: string;
  roomNumber: string;
  ratePlanId: string;
  checkIn: string;
  checkOut: string;
  adults: number;
  children: number;
  status: ReservationStatus;
  holdExpiresAt: string | null;
  /** Total for the stay, integer minor units of `currency`. */
  price: number;
  currency: string;
};

export type BookingView = {
  id: string;
  reference: string;
  propertyId: string;
  accountId: string | null;
  channel: Channel;
  status: ReservationStatus;
  currency: string;
  totalPrice: number;
  createdAt: string;
  guestName: string | null;
  reservations: ReservationView[];
};

export async function getBooking(reference: string): Promise<BookingView | undefined> {
  return loadBooking(getPool(), { reference });
}

/** A signed-in guest's bookings, newest stay first. */
export async function listAccountBookings(accountId: string): Promise<BookingView[]> {
  return loadBookings(getPool(), { accountId });
}

const STATUS_PRECEDENCE: ReservationStatus[] = [
  "checked_in",
  "confirmed",
  "held",
  "checked_out",
  "no_show",
  "cancelled",
  "expired",
];

/** A booking's status: its reservations' common status, else the most active one. */
export function bookingStatus(statuses: ReservationStatus[]): ReservationStatus {
  return STATUS_PRECEDENCE.find((status) => statuses.includes(status)) ?? "cancelled";
}

type BookingKey = { bookingId: string } | { reference: string } | { accountId: string };

/** One booking, read on the pool or inside a command's transaction. */
export async function loadBooking(tx: Tx | Db, by: BookingKey): Promise<BookingView | undefined> {
  return (await loadBookings(tx, by))[0];
}

async function loadBookings(tx: Tx | Db, by: BookingKey): Promise<BookingView[]> {
  const where = "bookingId" in by ? "b.id = $1" : "reference" in by ? "b.reference = $1" : "b.account_id = $1";
  const value = "bookingId" in by ? by.bookingId : "reference" in by ? by.reference : by.accountId;
  const { rows } = await tx.query<
    Omit<BookingView, "status" | "totalPrice" | "guestName"> & { guest: GuestRow | null }
  >(
    `SELECT b.id, b.reference, b.property_id AS "propertyId", b.account_id AS "accountId", b.channel,
            b.currency, to_json(b.created_at) #>> '{}' AS "createdAt",
            CASE WHEN g.id IS NULL THEN NULL
                 ELSE json_build_object('id', g.id, 'data_key_enc', k.wrapped, 'pii_enc', g.pii_enc) END AS guest,
            coalesce(json_agg(json_build_object(
              'id', x.id, 'roomTypeId', x.room_type_id, 'roomTypeName', rt.name, 'roomId', x.room_id,
              'roomNumber', r.number, 'ratePlanId', x.rate_plan_id, 'checkIn', x.check_in,
              'checkOut', x.check_out, 'adults', x.adults, 'children', x.children, 'status', x.status,
              'holdExpiresAt', x.hold_expires_at, 'price', x.price, 'currency', b.currency)
              ORDER BY r.number) FILTER (WHERE x.id IS NOT NULL), '[]') AS reservations
       FROM bookings b
       LEFT JOIN guests g ON g.id = b.guest_id
       LEFT JOIN data_keys k ON k.subject = 'guest:' || g.id
       LEFT JOIN reservations x ON x.booking_id = b.id
       LEFT JOIN rooms r ON r.id = x.room_id
       LEFT JOIN room_types rt ON rt.id = x.room_type_id
      WHERE ${where}
      GROUP BY b.id, g.id, k.subject
      ORDER BY min(x.check_in) DESC NULLS LAST, b.created_at DESC`,
    [value],
  );
  return rows.map(({ guest, ...row }) => ({
    ...row,
    // An erased guest stays on the booking, without a name.
    guestName: guest ? (openGuest(guest)?.fullName ?? null) : null,
    status: bookingStatus(row.reservations.map((r) => r.status)),
    totalPrice: row.reservations
      .filter((r) => r.status !== "cancelled" && r.status !== "expired")
      .reduce((sum, r) => sum + Number(r.price), 0),
  }));
}
