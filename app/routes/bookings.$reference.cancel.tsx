// Cancelling asks first; the answer comes back to the booking.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { isCancellable } from "~/booking/access.server";
import { requireWebChangeableBooking } from "~/web/bookings.server";
import { catalogueText, localizeBooking } from "~/booking/catalogue-text.server";
import { cancelBooking } from "~/booking/booking.server";
import { pageTitle } from "~/web/page.server";
import { toFormProblems } from "~/web/problems.server";
import { ConfirmPage } from "~/ui/confirm-dialog";
import { formatDate } from "~/ui/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

async function cancellable(request: Request, reference: string | undefined) {
  const found = await requireWebChangeableBooking(request, reference);
  if (!isCancellable(found.booking)) throw redirect(`/bookings/${found.booking.reference}`);
  return found;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { booking } = await cancellable(request, params.reference);
  return {
    booking: localizeBooking(booking, await catalogueText(request)),
    title: await pageTitle(request, "titles.cancel"),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { booking, actor } = await cancellable(request, params.reference);
  try {
    await cancelBooking({ reference: booking.reference }, actor);
  } catch (error) {
    const { problems, status } = toFormProblems(error);
    return data({ problems }, { status });
  }
  return redirect(`/bookings/${booking.reference}?cancelled=1`);
}

export default function CancelBooking() {
  const { t, i18n } = useTranslation();
  const { booking } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const first = booking.reservations[0];
  return (
    <ConfirmPage
      title={t("titles.cancel")}
      body={
        <p>
          {t("cancel.question", {
            reference: booking.reference,
            room: first?.roomTypeName ?? "",
            checkIn: first ? formatDate(first.checkIn, i18n.language, "full") : "",
          })}
        </p>
      }
      confirm={t("cancel.confirm")}
      keep={t("cancel.keep")}
      keepHref={`/bookings/${booking.reference}`}
      problems={answer?.problems.map((problem) => t(problem.key, problem.values))}
    />
  );
}
