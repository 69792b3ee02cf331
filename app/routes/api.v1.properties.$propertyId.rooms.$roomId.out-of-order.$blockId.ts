// DELETE /api/v1/properties/{id}/rooms/{roomId}/out-of-order/{blockId} (managers and admins of the
// property): the room is back in service for that window. Audited; answers the write's txid.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { apiHandler, json, methodNotAllowed, onlyMethods, problem } from "~/api/problem.server";
import { requirePropertyManager } from "~/api/property-setup.server";
import { endRoomBlock } from "~/booking/room-blocks.server";

export const loader = onlyMethods(["DELETE"]);

export const action = ({ request, params }: ActionFunctionArgs) =>
  apiHandler(request, async () => {
    if (request.method !== "DELETE") return methodNotAllowed(["DELETE"]);
    const { actor, propertyId } = await requirePropertyManager(request, params.propertyId);
    const roomId = z.uuid().safeParse(params.roomId);
    const blockId = z.uuid().safeParse(params.blockId);
    if (!roomId.success || !blockId.success) throw problem({ status: 404, code: "room_block_not_found" });
    return json(await endRoomBlock(propertyId, roomId.data, blockId.data, actor));
  });
