// Sessions for web pages: who is signed in, and redirects when nobody is.
import { redirect } from "@remix-run/node";
import { can, type Action } from "./permissions";
import { authenticate, type Auth } from "./session.server";

/** Only a path on this site (app/http/redirect.server.ts). */
export { safeRedirect } from "../http/redirect.server";

export async function requireWebAuth(request: Request, options: { allowEnrolment?: boolean } = {}): Promise<Auth> {
  const auth = await authenticate(request);
  const url = new URL(request.url);
  if (!auth) {
    throw redirect(`/sign-in?${new URLSearchParams({ redirectTo: url.pathname + url.search })}`);
  }
  if (auth.stage === "enrol_totp" && !options.allowEnrolment) throw redirect("/account/two-factor");
  return auth;
}

/** Headers that keep a sliding session alive when lucia moved its expiry. */
export function refreshHeaders(auth: Auth | undefined): HeadersInit {
  return auth?.refreshedCookie ? { "Set-Cookie": auth.refreshedCookie } : {};
}

/** A signed-in person whose role may do `action`; anyone else sees a 403 page. */
export async function requireWebPermission(request: Request, action: Action): Promise<Auth> {
  const auth = await requireWebAuth(request);
  if (!can(auth.account.role, action)) throw new Response("Forbidden", { status: 403 });
  return auth;
}
