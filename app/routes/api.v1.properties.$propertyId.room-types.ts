// A property's room types (managers and admins of it):
//   GET  /api/v1/properties/{id}/room-types  every type, with its translations and photos
//   POST /api/v1/properties/{id}/room-types {code, name, description?, capacity, baseRate, sortOrder?,
//        translations?}  a new type, audited; 422 naming the field (a code taken already among them)
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiHandler, json, methodNotAllowed } from "~/api/problem.server";
import { requirePropertyManager } from "~/api/property-setup.server";
import { readJsonBody } from "~/api/request.server";
import { photosOfProperty } from "~/booking/photos.server";
import { roomTypeCreateSchema } from "~/booking/schemas";
import { createRoomType, listRoomTypes } from "~/booking/setup.server";

export const loader = ({ request, params }: LoaderFunctionArgs) =>
  apiHandler(request, async () => {
    const { propertyId } = await requirePropertyManager(request, params.propertyId);
    const [roomTypes, photos] = await Promise.all([listRoomTypes(propertyId), photosOfProperty(propertyId)]);
    return json({ roomTypes: roomTypes.map((type) => ({ ...type, photos: photos.get(type.id) ?? [] })) });
  });

export const action = ({ request, params }: ActionFunctionArgs) =>
  apiHandler(request, async () => {
    if (request.method !== "POST") return methodNotAllowed(["GET", "POST"]);
    const { actor, propertyId } = await requirePropertyManager(request, params.propertyId);
    const body = roomTypeCreateSchema.parse(await readJsonBody(request));
    return json(await createRoomType(propertyId, body, actor), { status: 201 });
  });
