// PATCH /api/v1/properties/{id}/room-types/{roomTypeId} (managers and admins of the property):
// {name?, description?, capacity?, baseRate?, sortOrder?, translations?} change, audited with
// before and after; the code stays. Bookings already made keep their price.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { apiHandler, json, methodNotAllowed, onlyMethods, problem } from "~/api/problem.server";
import { requirePropertyManager } from "~/api/property-setup.server";
import { readJsonBody } from "~/api/request.server";
import { roomTypePatchSchema } from "~/booking/schemas";
import { updateRoomType } from "~/booking/setup.server";

export const loader = onlyMethods(["PATCH"]);

export const action = ({ request, params }: ActionFunctionArgs) =>
  apiHandler(request, async () => {
    if (request.method !== "PATCH") return methodNotAllowed(["PATCH"]);
    const { actor, propertyId } = await requirePropertyManager(request, params.propertyId);
    const roomTypeId = z.uuid().safeParse(params.roomTypeId);
    if (!roomTypeId.success) throw problem({ status: 404, code: "room_type_not_found" });
    const body = roomTypePatchSchema.parse(await readJsonBody(request));
    return json(await updateRoomType(propertyId, roomTypeId.data, body, actor));
  });
