// GET /media/<key>: an uploaded file (room type photos), from the media
// folder or bucket (app/media/store.server.ts). Public, as the pages that
// show them are; cached for a year, since a key is new for every upload.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { isMediaKey, readMedia } from "~/media/store.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const key = params["*"] ?? "";
  const file = isMediaKey(key) ? await readMedia(key) : undefined;
  if (!file)
    return new Response("Not Found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(new Uint8Array(file.bytes), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(file.bytes.byteLength),
      "Cache-Control": "public, max-age=31536000, immutable",
    },
  });
}
