// POST /api/v1/properties/{id}/room-types/{roomTypeId}/photos (managers and admins of the property):
// multipart/form-data with `photo` (a JPEG, PNG, WebP or AVIF image, at most 8 MB, at least 320 px wide)
// and `alt` (what it shows, in English) or `alt.<language>` for each language. 201 with the photo: its
// widths and their URLs under /media/ (WebP, turned upright, metadata dropped). Audited.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { apiHandler, json, methodNotAllowed, onlyMethods, problem } from "~/api/problem.server";
import { requirePropertyManager } from "~/api/property-setup.server";
import { readPhotoUpload } from "~/api/photo-upload.server";
import { addPhoto } from "~/booking/photos.server";

export const loader = onlyMethods(["POST"]);

export const action = ({ request, params }: ActionFunctionArgs) =>
  apiHandler(request, async () => {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    const { actor, propertyId } = await requirePropertyManager(request, params.propertyId);
    const roomTypeId = z.uuid().safeParse(params.roomTypeId);
    if (!roomTypeId.success) throw problem({ status: 404, code: "room_type_not_found" });
    const upload = await readPhotoUpload(request);
    return json(await addPhoto(propertyId, roomTypeId.data, upload, actor), { status: 201 });
  });
