// POST /api/v1/rooms/{id}/housekeeping {state} (front desk): clean, dirty or inspected.
// Out of order stays on the board's own action.
import type { ActionFunctionArgs } from "@remix-run/node";
import { requireDesk, requireDeskRoom } from "~/api/desk.server";
import { apiHandler, json, methodNotAllowed, onlyMethods } from "~/api/problem.server";
import { readJsonBody } from "~/api/request.server";
import { housekeepingSchema } from "~/booking/schemas";
import { setHousekeeping } from "~/booking/stays.server";

export const loader = onlyMethods(["POST"]);

export const action = ({ request, params }: ActionFunctionArgs) =>
  apiHandler(request, async () => {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    const { auth, actor } = await requireDesk(request);
    const roomId = await requireDeskRoom(auth, params.roomId);
    const { state } = housekeepingSchema.parse(await readJsonBody(request));
    const { txid } = await setHousekeeping({ roomId, state }, actor);
    return json({ room: { id: roomId, housekeepingStatus: state }, txid });
  });
