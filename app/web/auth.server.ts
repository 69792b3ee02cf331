// Sessions for web pages: who is signed in, and redirects when nobody is.
// The pages' side of app/api/request.server.ts's bearer checks.
import { redirect } from "@remix-run/node";
import { can, type Action } from "~/auth/permissions";
import type { SessionStage } from "~/auth/lucia.server";
import { authenticate, type Auth, type Role } from "~/auth/session.server";

/** Only a path on this site (app/http/redirect.server.ts). */
export { safeRedirect } from "~/http/redirect.server";

/** The page that a session which may do only one thing is sent to. */
const FIRST_STEP_PAGE: Record<Exclude<SessionStage, "full">, string> = {
  change_password: "/account/password",
  enrol_totp: "/account/two-factor",
};

/**
 * The signed-in session, which must be at `stage` ("full" unless the page is
 * one of the first steps): a session that must first change its password or
 * enrol is sent there, and a full session away from those pages.
 */
export async function requireWebAuth(request: Request, options: { stage?: SessionStage } = {}): Promise<Auth> {
  const auth = await authenticate(request);
  const url = new URL(request.url);
  if (!auth) {
    throw redirect(`/sign-in?${new URLSearchParams({ redirectTo: url.pathname + url.search })}`);
  }
  const wanted = options.stage ?? "full";
  if (auth.stage !== wanted) throw redirect(auth.stage === "full" ? "/account" : FIRST_STEP_PAGE[auth.stage]);
  return auth;
}

/** Where a new session goes first: its first step's page, or `then`. */
export function firstPageOf(stage: SessionStage, then: string): string {
  return stage === "full" ? then : FIRST_STEP_PAGE[stage];
}

/** A signed-in account's first page: the front desk works at the desk, everyone else starts at their account. */
export function homePageOf(role: Role): string {
  return role === "front_desk" ? "/desk" : "/account";
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
