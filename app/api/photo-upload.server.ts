// Reading a photo upload (multipart/form-data) for the API and the setup
// page: the file in `photo`, what it shows in `alt` / `alt.<language>`. The
// body's size is capped before this by server.ts (MAX_UPLOAD_BYTES).
import { z } from "zod";
import { hasNul } from "~/http/nul";
import { altFromForm, photoAltSchema } from "~/booking/schemas";
import { problem } from "./problem.server";

const uploadSchema = z.object({
  photo: z.instanceof(Blob, { message: "validation.photo" }).refine((file) => file.size > 0, "validation.photo"),
  alt: photoAltSchema,
});

export async function readPhotoUpload(
  request: Request,
): Promise<{ bytes: Uint8Array; alt: Partial<Record<string, string>> }> {
  if (!/^multipart\/form-data\b/i.test(request.headers.get("content-type") ?? "")) {
    throw problem({ status: 415, code: "unsupported_media_type", titleKey: "api.multipart_required" });
  }
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw problem({ status: 400, code: "malformed_form" });
  }
  // PostgreSQL stores no NUL character: such text is a bad request, as in a JSON body.
  for (const [name, value] of form)
    if (hasNul(name) || hasNul(value)) throw problem({ status: 400, code: "invalid_characters" });
  return photoFromForm(form);
}

/** The upload in a form already read; a zod error naming `photo` or `alt.en` when either is missing. */
export async function photoFromForm(
  form: FormData,
): Promise<{ bytes: Uint8Array; alt: Partial<Record<string, string>> }> {
  const { photo, alt } = uploadSchema.parse({ photo: form.get("photo") ?? undefined, alt: altFromForm(form) });
  return { bytes: new Uint8Array(await photo.arrayBuffer()), alt };
}
