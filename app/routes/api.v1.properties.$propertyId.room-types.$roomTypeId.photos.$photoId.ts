// DELETE /api/v1/properties/{id}/room-types/{roomTypeId}/photos/{photoId} (managers and admins of the
// property): the photo is no longer shown; its files are removed. Audited; answers the write's txid.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { apiHandler, json, methodNotAllowed, onlyMethods, problem } from "~/api/problem.server";
import { requirePropertyManager } from "~/api/property-setup.server";
import { removePhoto } from "~/booking/photos.server";

export const loader = onlyMethods(["DELETE"]);

export const action = ({ request, params }: ActionFunctionArgs) =>
  apiHandler(request, async () => {
    if (request.method !== "DELETE") return methodNotAllowed(["DELETE"]);
    const { actor, propertyId } = await requirePropertyManager(request, params.propertyId);
    const roomTypeId = z.uuid().safeParse(params.roomTypeId);
    const photoId = z.uuid().safeParse(params.photoId);
    if (!roomTypeId.success || !photoId.success) throw problem({ status: 404, code: "photo_not_found" });
    return json(await removePhoto(propertyId, roomTypeId.data, photoId.data, actor));
  });
