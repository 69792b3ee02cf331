// Sign out of this browser, or of every session of the account.
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { authenticate, blankSessionCookie, signOut, signOutEverywhere } from "~/auth/session.server";
import { readForm } from "~/web/form.server";

export async function action({ request }: ActionFunctionArgs) {
  const auth = await authenticate(request);
  const form = await readForm(request);
  if (auth) {
    if (form.get("scope") === "everywhere") await signOutEverywhere(auth.account.id);
    else await signOut(auth.sessionId);
  }
  return redirect("/", { headers: { "Set-Cookie": blankSessionCookie() } });
}

export const loader = () => redirect("/account");
