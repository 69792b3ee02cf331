// POST /desk/outbox: the desk page replays a change made offline (JSON
// `{key, propertyId, intent, fields}`, the clerk's session cookie). Answers
// JSON: 200 with the txid, 409/422/404 with the problems (the item is a
// conflict the clerk sees), 401 when the session ended (the item waits).
import type { ActionFunctionArgs } from "@remix-run/node";
import { can } from "~/auth/permissions";
import { authenticate } from "~/auth/session.server";
import { replayOutboxItem } from "~/web/desk-outbox.server";

const json = (body: unknown, status: number) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
  });

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return json({ code: "method_not_allowed" }, 405);
  const auth = await authenticate(request);
  if (!auth || auth.stage !== "full") return json({ code: "signed_out" }, 401);
  if (!can(auth.account.role, "desk:operate")) return json({ code: "forbidden" }, 403);
  const body = await request.json().catch(() => undefined);
  const { answer, status } = await replayOutboxItem(auth, body);
  return json(answer, status);
}

export function loader() {
  return json({ code: "method_not_allowed" }, 405);
}
