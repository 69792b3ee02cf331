// The setup page's photo forms (POST /manage-property/photos, multipart):
// add a room type's photo with its alt text, or remove one (intent=remove).
// Works without JavaScript: it answers with a redirect back to the page's
// room types page, saying what happened (?photo=added|removed) or what was wrong
// (?photoError=<i18n key>). Same rules and audit as the API.
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { photoFromForm } from "~/api/photo-upload.server";
import { actorFor } from "~/booking/access.server";
import { addPhoto, removePhoto } from "~/booking/photos.server";
import { requireWebPermission } from "~/web/auth.server";
import { readForm } from "~/web/form.server";
import { toFormProblems } from "~/web/problems.server";

export const loader = () => redirect("/manage-property/room-types");

export async function action({ request }: ActionFunctionArgs) {
  const auth = await requireWebPermission(request, "property:manage");
  const form = await readForm(request);
  const propertyId = z.uuid().safeParse(form.get("propertyId"));
  if (!propertyId.success || !auth.account.propertyIds.includes(propertyId.data)) {
    throw new Response("Not Found", { status: 404 });
  }
  const back = (query: Record<string, string>) =>
    redirect(`/manage-property/room-types?${new URLSearchParams({ property: propertyId.data, ...query })}`, 303);
  const actor = actorFor(auth, "system");
  const roomTypeId = z.uuid().safeParse(form.get("roomTypeId")).data;
  const photoId = z.uuid().safeParse(form.get("photoId")).data;
  const removing = form.get("intent") === "remove";
  if (!roomTypeId || (removing && !photoId)) return back({ photoError: "bookingErrors.not_found" });
  try {
    if (removing) {
      await removePhoto(propertyId.data, roomTypeId, photoId!, actor);
      return back({ photo: "removed" });
    }
    await addPhoto(propertyId.data, roomTypeId, await photoFromForm(form), actor);
    return back({ photo: "added", type: roomTypeId });
  } catch (error) {
    const [problem] = toFormProblems(error).problems;
    return back({ photoError: problem.key, type: roomTypeId });
  }
}
