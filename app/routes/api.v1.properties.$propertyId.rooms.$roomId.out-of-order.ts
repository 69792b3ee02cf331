// POST /api/v1/properties/{id}/rooms/{roomId}/out-of-order {from, to, reason} (managers and admins of the
// property): the room is out of order for the nights [from, to). 201 with the window; 409 room_occupied
// naming the stays in the way (move them first); 422 where a window of the room overlaps already.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { apiHandler, json, methodNotAllowed, onlyMethods, problem } from "~/api/problem.server";
import { requirePropertyManager } from "~/api/property-setup.server";
import { readJsonBody } from "~/api/request.server";
import { createRoomBlock } from "~/booking/room-blocks.server";
import { roomBlockSchema } from "~/booking/schemas";

export const loader = onlyMethods(["POST"]);

export const action = ({ request, params }: ActionFunctionArgs) =>
  apiHandler(request, async () => {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    const { actor, propertyId } = await requirePropertyManager(request, params.propertyId);
    const roomId = z.uuid().safeParse(params.roomId);
    if (!roomId.success) throw problem({ status: 404, code: "room_not_found" });
    const body = roomBlockSchema.parse(await readJsonBody(request));
    return json(await createRoomBlock(propertyId, roomId.data, body, actor), { status: 201 });
  });
