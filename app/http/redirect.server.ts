// Where a form may send someone next (`redirectTo` after signing in or up):
// only a path on this site. Browsers forgive a lot in a Location header - they
// drop tabs and newlines, read "\" as "/", and take "//host" as another site -
// so anything that could become another origin falls back instead.
import { publicUrl } from "./public-url.server";

const MAX_LENGTH = 2000;
/** C0 and C1 control characters, DEL and backslashes: never in a path we send anyone to. */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\\]/;

/** A same-origin path (with its query and fragment) for `to`, or `fallback`. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || to.length === 0 || to.length > MAX_LENGTH || !looksLocal(to)) return fallback;
  const site = publicUrl();
  let url: URL;
  try {
    url = new URL(to, site);
  } catch {
    return fallback;
  }
  if (url.origin !== site.origin) return fallback;
  // Normalised ("/a/..//evil" becomes "//evil"), so checked again.
  const path = url.pathname + url.search + url.hash;
  return looksLocal(path) ? path : fallback;
}

/** Starts with one "/" and holds no control character or backslash, however many times percent-encoded. */
function looksLocal(value: string): boolean {
  let text = value;
  for (let round = 0; round < 5; round++) {
    if (!text.startsWith("/") || text.startsWith("//") || FORBIDDEN.test(text)) return false;
    // Byte by byte, so that one malformed escape cannot hide the others.
    const decoded = text.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    if (decoded === text) return true;
    text = decoded;
  }
  return false;
}
