// What the desk page hands its parts: the property, the rack's window, the
// rows the loader read, guests' names for the visible stays, today's lists,
// and the open stay or hold. Plain JSON, as the loader sends it.
import type { BoardBlock, BoardReservation, BoardRoom } from "~/board/model";
import type { DeskStay } from "~/booking/desk-reads.server";

/** The rack's nights: two days back, today and twelve ahead. */
export const NIGHTS_BACK = 2;
export const NIGHTS = 15;
/** Stays shown on the rack; the rest (cancelled, expired, no-show) leave the room free. */
export const ON_RACK = new Set(["held", "confirmed", "checked_in", "checked_out"]);

export const STAY_STYLE: Record<string, string> = {
  held: "bg-amber-100 text-amber-950 border-amber-700",
  confirmed: "bg-sky-100 text-sky-950 border-sky-700",
  checked_in: "bg-emerald-100 text-emerald-950 border-emerald-700",
  checked_out: "bg-stone-200 text-stone-900 border-stone-500",
};

export const SELECT = "min-h-11 rounded border border-stone-500 bg-white px-2";

export type Desk = {
  /** The clerk: the offline outbox replays only their own changes under their session. */
  accountId: string;
  /** When the loader read the rows (ms since epoch): rows kept offline that are newer win. */
  readAt: number;
  /** Drawn in the browser from the last desk, with no network. */
  offline?: boolean;
  property: { id: string; name: string; timeZone: string; holdMinutes: number };
  roomTypes: { id: string; code: string; name: string }[];
  today: string;
  from: string;
  to: string;
  rows: { rooms: BoardRoom[]; reservations: BoardReservation[]; blocks?: BoardBlock[] };
  names: Record<string, string | null>;
  day: { arrivals: DeskStay[]; inHouse: DeskStay[]; departures: DeskStay[] };
  search: string;
  stay: DeskStay | null;
  hold: DeskStay | null;
  key: string;
  canCheckIdentity: boolean;
  /** A manager or admin: the hold duration and the night audit. */
  canManage: boolean;
};
