// The site's public address: the one origin every absolute link the server
// writes (password-reset links in emails, say) is built from. Never the
// request's Host header, which whoever sends the request chooses.
//
// HOTEL_PUBLIC_URL when set (production requires it, see env.server.ts);
// otherwise, in development, the address the launcher printed once it was
// listening, or http://HOST:PORT/ before that (tests that call the build
// in-process).
import { getEnv } from "~/env.server";

// On globalThis because the launcher and the Remix build bundle this module separately.
const KEY = Symbol.for("hotel.public.url");
type Holder = { [KEY]?: string };

/** The launcher says where it listens; used only when HOTEL_PUBLIC_URL is not set. */
export function setListeningUrl(url: string): void {
  (globalThis as Holder)[KEY] = url;
}

/** The public origin, as a URL ending in "/". */
export function publicUrl(): URL {
  const env = getEnv();
  const configured = env.HOTEL_PUBLIC_URL ?? (globalThis as Holder)[KEY] ?? `http://${env.HOST}:${env.PORT}/`;
  return new URL(new URL(configured).origin + "/");
}

/** An absolute link to a path of this site, on its public origin. */
export function absoluteUrl(pathAndQuery: string): string {
  if (!pathAndQuery.startsWith("/") || pathAndQuery.startsWith("//")) {
    throw new Error(`absoluteUrl takes a path of this site, not ${JSON.stringify(pathAndQuery)}`);
  }
  const base = publicUrl();
  const url = new URL(pathAndQuery, base);
  if (url.origin !== base.origin) throw new Error("absoluteUrl left the site's origin");
  return url.toString();
}
