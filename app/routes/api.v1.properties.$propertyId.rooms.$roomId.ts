// PATCH /api/v1/properties/{id}/rooms/{roomId} (managers and admins of the property):
// {number?, floor?, accessibility?} change, audited with before and after. A room keeps its type:
// the stays booked in it were sold as that type.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { apiHandler, json, methodNotAllowed, onlyMethods, problem } from "~/api/problem.server";
import { requirePropertyManager } from "~/api/property-setup.server";
import { readJsonBody } from "~/api/request.server";
import { roomPatchSchema } from "~/booking/schemas";
import { updateRoom } from "~/booking/setup.server";

export const loader = onlyMethods(["PATCH"]);

export const action = ({ request, params }: ActionFunctionArgs) =>
  apiHandler(request, async () => {
    if (request.method !== "PATCH") return methodNotAllowed(["PATCH"]);
    const { actor, propertyId } = await requirePropertyManager(request, params.propertyId);
    const roomId = z.uuid().safeParse(params.roomId);
    if (!roomId.success) throw problem({ status: 404, code: "room_not_found" });
    const body = roomPatchSchema.parse(await readJsonBody(request));
    return json(await updateRoom(propertyId, roomId.data, body, actor));
  });
