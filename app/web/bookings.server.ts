// The web pages' side of app/booking/access.server.ts: a booking this signed-in
// account may change, or the page's 404 / 403 - the same rule the API's
// requireChangeableBooking (app/api/bookings.server.ts) applies.
import { actorFor, mayCancel, readableBooking } from "~/booking/access.server";
import { requireWebAuth } from "./auth.server";

export async function requireWebChangeableBooking(request: Request, reference: string | undefined) {
  const auth = await requireWebAuth(request);
  const { account } = auth;
  const booking = await readableBooking(account, reference);
  if (!booking) throw new Response("Not found", { status: 404 });
  if (!mayCancel(account, booking)) throw new Response("Forbidden", { status: 403 });
  return { account, booking, actor: actorFor(auth) };
}
