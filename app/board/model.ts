// The occupancy board's figures, computed from the rows of its shapes (or,
// before they sync, the same rows read by the loader). Pure, so the page reads
// the same on the server and live in the browser.
import { addDays } from "~/booking/dates";
import { HOUSEKEEPING_STATES, OCCUPYING_STATUSES } from "~/booking/status";

export type BoardRoom = {
  id: string;
  number: string;
  floor: number;
  room_type_id: string;
  housekeeping_status: string;
  out_of_order: boolean;
};

export type BoardReservation = {
  id: string;
  booking_id: string;
  room_id: string;
  check_in: string;
  check_out: string;
  status: string;
};

export type BoardBooking = { id: string; channel: string };

/** A room out of order for the nights [starts, ends), with the manager's reason. */
export type BoardBlock = { id: string; room_id: string; starts: string; ends: string; reason: string };

/** Nights the grid shows: today and the next 14. */
export const BOARD_NIGHTS = 15;

export type CellState = "free" | "held" | "confirmed" | "in_house" | "out_of_order";
export const CELL_STATES: CellState[] = ["free", "held", "confirmed", "in_house", "out_of_order"];
export const HOUSEKEEPING = HOUSEKEEPING_STATES;
export const CHANNELS = ["online", "front_desk", "ota"] as const;

const ACTIVE: Record<string, CellState | undefined> = { held: "held", confirmed: "confirmed", checked_in: "in_house" };
/** Sold nights: a hold is not (yet) a sale. */
const SOLD = new Set(["confirmed", "checked_in"]);

export type BoardInput = {
  rooms: BoardRoom[];
  reservations: BoardReservation[];
  bookings: BoardBooking[];
  /** Windows out of order (none when the caller does not follow them). */
  blocks?: BoardBlock[];
  /** The first night shown. */
  from: string;
  nights: number;
  today: string;
};

export type Occupancy = { sold: number; available: number; percent: number };

export function nightsFrom(from: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => addDays(from, index));
}

export function boardModel({ rooms, reservations, bookings, blocks = [], from, nights: count, today }: BoardInput) {
  const nights = nightsFrom(from, count);
  const blocked = (roomId: string, night: string) =>
    blocks.some((block) => block.room_id === roomId && block.starts <= night && night < block.ends);
  /** Out of order that night: until further notice, or in a window. */
  const outOfOrderOn = (room: BoardRoom, night: string) => room.out_of_order || blocked(room.id, night);
  const byRoom = new Map<string, BoardReservation[]>();
  for (const reservation of reservations) {
    if (!ACTIVE[reservation.status]) continue;
    const list = byRoom.get(reservation.room_id) ?? [];
    list.push(reservation);
    byRoom.set(reservation.room_id, list);
  }
  const sortedRooms = [...rooms].sort(
    (a, b) => a.floor - b.floor || a.number.localeCompare(b.number, undefined, { numeric: true }),
  );
  const grid = sortedRooms.map((room) => ({
    room,
    cells: nights.map((night) => {
      const reservation = byRoom
        .get(room.id)
        ?.find((candidate) => candidate.check_in <= night && night < candidate.check_out);
      // A reservation still shows in a room taken out of order: that guest has to be moved.
      const state: CellState = reservation
        ? ACTIVE[reservation.status]!
        : outOfOrderOn(room, night)
          ? "out_of_order"
          : "free";
      return { night, state, reservationId: reservation?.id, toMove: Boolean(reservation && room.out_of_order) };
    }),
  }));

  const occupancy = (nightsCounted: string[]): Occupancy => {
    let sold = 0;
    let available = 0;
    for (const night of nightsCounted) {
      for (const room of rooms) {
        if (outOfOrderOn(room, night)) continue;
        available++;
        if (byRoom.get(room.id)?.some((r) => SOLD.has(r.status) && r.check_in <= night && night < r.check_out)) sold++;
      }
    }
    return { sold, available, percent: available ? Math.round((sold / available) * 1000) / 10 : 0 };
  };

  const roomNumber = new Map(rooms.map((room) => [room.id, room.number]));
  const outOfOrderRooms = new Set(rooms.filter((room) => room.out_of_order).map((room) => room.id));
  const movement = (pick: (reservation: BoardReservation) => boolean, statuses: readonly string[]) =>
    reservations
      .filter((reservation) => statuses.includes(reservation.status) && pick(reservation))
      .map((reservation) => ({ ...reservation, roomNumber: roomNumber.get(reservation.room_id) ?? "?" }))
      .sort((a, b) => a.roomNumber.localeCompare(b.roomNumber, undefined, { numeric: true }));

  const housekeeping = Object.fromEntries(HOUSEKEEPING.map((state) => [state, 0])) as Record<string, number>;
  for (const room of rooms) housekeeping[room.housekeeping_status] = (housekeeping[room.housekeeping_status] ?? 0) + 1;
  const channels = Object.fromEntries(CHANNELS.map((channel) => [channel, 0])) as Record<string, number>;
  for (const booking of bookings) channels[booking.channel] = (channels[booking.channel] ?? 0) + 1;

  return {
    nights,
    grid,
    arrivals: movement((r) => r.check_in === today, OCCUPYING_STATUSES),
    departures: movement((r) => r.check_out === today, ["confirmed", "checked_in", "checked_out"]),
    /** Guests booked into (or staying in) rooms that are out of order, from tonight on. */
    toMove: movement((r) => r.check_out > today && outOfOrderRooms.has(r.room_id), OCCUPYING_STATUSES),
    tonight: occupancy([today]),
    week: occupancy(nightsFrom(today, 7)),
    housekeeping,
    /** Rooms out of order tonight. */
    outOfOrder: rooms.filter((room) => outOfOrderOn(room, today)).length,
    /** Windows out of order from today on, by start and room. */
    outOfOrderWindows: blocks
      .filter((block) => block.ends > today)
      .map((block) => ({ ...block, roomNumber: roomNumber.get(block.room_id) ?? "?" }))
      .sort(
        (a, b) =>
          a.starts.localeCompare(b.starts) || a.roomNumber.localeCompare(b.roomNumber, undefined, { numeric: true }),
      ),
    channels,
    bookingsToday: bookings.length,
  };
}

export type Board = ReturnType<typeof boardModel>;
