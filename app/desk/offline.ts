// The desk with no network, in the browser: a navigation (opening a stay, a
// search) is answered from the last desk the server drew; a check-in,
// check-out, housekeeping change or walk-in goes into the outbox
// (~/offline/outbox) and is sent when the network returns; anything else
// (a hold, a move) says it needs the network. Nothing typed is dropped.
import type { DeskStay } from "~/booking/desk-reads.server";
import { isNetworkFailure } from "~/offline/network";
import { OFFLINE_INTENTS, enqueue } from "~/offline/outbox";
import type { DeskAnswer } from "~/web/desk.server";
import type { Desk } from "./model";

export type DeskPageData = { title: string | undefined; desk: Desk | null };

/** A desk form's answer in the browser: the server's, or kept in the outbox. */
export type ClientDeskAnswer = DeskAnswer | { ok: true; intent: string; queued: true };

let last: DeskPageData | undefined;

/** The page remembers what the server last drew, for navigations with no network. */
export function rememberDesk(data: DeskPageData): void {
  if (data.desk && !data.desk.offline) last = data;
}

const stays = (desk: Desk): DeskStay[] => [
  ...desk.day.arrivals,
  ...desk.day.inHouse,
  ...desk.day.departures,
  ...(desk.stay ? [desk.stay] : []),
];

/** The last desk, with the stay and search the URL asks for, answered from what it holds. */
export function offlineDesk(url: URL): DeskPageData | undefined {
  if (!last?.desk) return undefined;
  const desk = last.desk;
  const search = (url.searchParams.get("q") ?? "").trim().toLowerCase();
  const found = (list: DeskStay[]) =>
    search
      ? list.filter(
          (stay) => stay.reference.toLowerCase().startsWith(search) || stay.guestName?.toLowerCase().includes(search),
        )
      : list;
  const stayId = url.searchParams.get("stay");
  return {
    ...last,
    desk: {
      ...desk,
      offline: true,
      search,
      day: {
        arrivals: found(desk.day.arrivals),
        inHouse: found(desk.day.inHouse),
        departures: found(desk.day.departures),
      },
      stay: stays(desk).find((stay) => stay.id === stayId) ?? null,
      hold: null,
    },
  };
}

export async function deskClientLoader(
  request: Request,
  serverLoader: () => Promise<DeskPageData>,
): Promise<DeskPageData> {
  try {
    const data = await serverLoader();
    rememberDesk(data);
    return data;
  } catch (error) {
    const offline = isNetworkFailure(error) ? offlineDesk(new URL(request.url)) : undefined;
    if (!offline) throw error;
    return offline;
  }
}

const needsNetwork = (intent: string): ClientDeskAnswer => ({
  ok: false,
  intent,
  problems: [{ field: "", key: "desk.offline.needsNetwork" }],
});

/** What the clerk reads in the outbox for an item: the guest and the room, as the desk showed them. */
function labelOf(desk: Desk, fields: Record<string, string>) {
  const stay = stays(desk).find((candidate) => candidate.id === fields.reservationId);
  const roomId = fields.roomId ?? stay?.roomId;
  const room = desk.rows.rooms.find((candidate) => candidate.id === roomId);
  return { guest: fields.fullName ?? stay?.guestName ?? undefined, room: room?.number ?? stay?.roomNumber };
}

export async function deskClientAction(
  request: Request,
  serverAction: () => Promise<ClientDeskAnswer>,
): Promise<ClientDeskAnswer> {
  const form = await request.clone().formData();
  const intent = String(form.get("intent") ?? "");
  // A provisional walk-in always goes through the outbox (sent at once when the network is there).
  if (navigator.onLine && intent !== "walk-in") {
    try {
      return await serverAction();
    } catch (error) {
      if (!isNetworkFailure(error)) throw error;
    }
  }
  const desk = last?.desk;
  if (!OFFLINE_INTENTS.has(intent) || !desk) return needsNetwork(intent);
  const fields: Record<string, string> = {};
  for (const [name, value] of form.entries()) {
    if (typeof value === "string" && name !== "intent" && name !== "key") fields[name] = value;
  }
  try {
    await enqueue({
      key: crypto.randomUUID(),
      accountId: desk.accountId,
      propertyId: desk.property.id,
      intent,
      fields,
      label: labelOf(desk, fields),
    });
  } catch {
    // No IndexedDB here (a private window): say so rather than pretend.
    return { ok: false, intent, problems: [{ field: "", key: "desk.offline.noOutbox" }] };
  }
  return { ok: true, intent, queued: true };
}
