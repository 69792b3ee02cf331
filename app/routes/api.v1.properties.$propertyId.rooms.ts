// A property's rooms (managers and admins of it):
//   GET  /api/v1/properties/{id}/rooms  every room: number, floor, type, features, out of order, housekeeping
//   POST /api/v1/properties/{id}/rooms {number, floor, roomTypeId, accessibility?}  a new room in service, audited;
//        422 naming the field (a number taken already, a type of another property)
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiHandler, json, methodNotAllowed } from "~/api/problem.server";
import { requirePropertyManager } from "~/api/property-setup.server";
import { readJsonBody } from "~/api/request.server";
import { roomCreateSchema } from "~/booking/schemas";
import { createRoom, listRooms } from "~/booking/setup.server";

export const loader = ({ request, params }: LoaderFunctionArgs) =>
  apiHandler(request, async () => {
    const { propertyId } = await requirePropertyManager(request, params.propertyId);
    return json({ rooms: await listRooms(propertyId) });
  });

export const action = ({ request, params }: ActionFunctionArgs) =>
  apiHandler(request, async () => {
    if (request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
    const { actor, propertyId } = await requirePropertyManager(request, params.propertyId);
    const body = roomCreateSchema.parse(await readJsonBody(request));
    return json(await createRoom(propertyId, body, actor), { status: 201 });
  });
