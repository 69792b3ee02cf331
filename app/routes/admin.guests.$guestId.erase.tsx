// Erasing a guest asks first (this page, without JavaScript; a dialog with it);
// the answer erases the profile and comes back to the guest search.
import { actorFor } from "~/booking/access.server";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireWebPermission } from "~/web/auth.server";
import { pageTitle } from "~/web/page.server";
import { toFormProblems } from "~/web/problems.server";
import { eraseGuest, findGuests } from "~/privacy/rights.server";
import { ConfirmPage } from "~/ui/confirm-dialog";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

async function erasable(request: Request, guestId: string | undefined) {
  const auth = await requireWebPermission(request, "privacy:erase_guest");
  const id = z.uuid().safeParse(guestId);
  const [guest] = id.success ? await findGuests({ id: id.data }) : [];
  if (!guest) throw new Response("Not found", { status: 404 });
  if (guest.erased) throw redirect("/admin/guests?erased=1");
  return { auth, guest };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { guest } = await erasable(request, params.guestId);
  return { name: guest.fullName ?? "", title: await pageTitle(request, "titles.eraseGuest") };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { auth, guest } = await erasable(request, params.guestId);
  try {
    await eraseGuest(guest.id, actorFor(auth));
  } catch (error) {
    const { problems, status } = toFormProblems(error);
    return data({ problems }, { status });
  }
  return redirect("/admin/guests?erased=1");
}

export default function EraseGuest() {
  const { t } = useTranslation();
  const { name } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  return (
    <ConfirmPage
      title={t("titles.eraseGuest")}
      body={<p>{t("guests.question", { name })}</p>}
      confirm={t("guests.confirm")}
      keep={t("guests.keep")}
      keepHref="/admin/guests"
      problems={answer?.problems.map((problem) => t(problem.key, problem.values))}
    />
  );
}
