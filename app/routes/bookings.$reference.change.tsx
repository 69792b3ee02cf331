// Changing a stay's dates from the booking page: the new dates are checked
// against what is free (the guest keeps their room when they can), the price
// follows the new nights, and a mistake keeps what was typed.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { movableReservation } from "~/booking/access.server";
import { requireWebChangeableBooking } from "~/web/bookings.server";
import { changeDates } from "~/booking/booking.server";
import { catalogueText } from "~/booking/catalogue-text.server";
import { todayIn } from "~/booking/dates";
import { getPropertyRules } from "~/booking/property.server";
import { changeDatesSchema } from "~/booking/schemas";
import { readForm } from "~/web/form.server";
import { pageTitle } from "~/web/page.server";
import { toFormProblems } from "~/web/problems.server";
import type { FieldProblem } from "~/i18n/validation";
import { Alert, Button } from "~/ui/form";
import { formatDate } from "~/ui/format";
import { StayDates } from "~/ui/stay-dates";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

/** The booking and its one open reservation, if this account may change it. */
async function changeable(request: Request, reference: string | undefined) {
  const found = await requireWebChangeableBooking(request, reference);
  const reservation = movableReservation(found.booking);
  if (!reservation) throw redirect(`/bookings/${found.booking.reference}`);
  return { ...found, reservation };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { booking, reservation } = await changeable(request, params.reference);
  const [rules, text] = await Promise.all([getPropertyRules(booking.propertyId), catalogueText(request)]);
  return {
    reference: booking.reference,
    roomTypeName: text.name(reservation.roomTypeId, reservation.roomTypeName),
    checkIn: reservation.checkIn,
    checkOut: reservation.checkOut,
    today: todayIn(rules?.timeZone ?? "UTC"),
    title: await pageTitle(request, "titles.changeDates"),
  };
}

type ActionData = { problems: FieldProblem[]; values: { checkIn: string; checkOut: string } };

export async function action({ request, params }: ActionFunctionArgs) {
  const { booking, reservation, actor } = await changeable(request, params.reference);
  const form = await readForm(request);
  const values = { checkIn: String(form.get("checkIn") ?? ""), checkOut: String(form.get("checkOut") ?? "") };
  try {
    const stay = changeDatesSchema.parse(values);
    await changeDates({ reference: booking.reference, reservationId: reservation.id, ...stay }, actor);
  } catch (error) {
    const { problems, status } = toFormProblems(error);
    return data({ problems, values } satisfies ActionData, { status });
  }
  return redirect(`/bookings/${booking.reference}?changed=1`);
}

export default function ChangeDates() {
  const { t, i18n } = useTranslation();
  const { reference, roomTypeName, checkIn, checkOut, today } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const problems = answer?.problems ?? [];
  const fieldError = (field: string) => {
    const problem = problems.find((p) => p.field === field);
    return problem ? t(problem.key, problem.values) : undefined;
  };
  const general = problems.filter((p) => p.field !== "checkIn" && p.field !== "checkOut");
  return (
    <main id="main" className="mx-auto max-w-xl p-6">
      <h1 className="text-3xl font-semibold">{t("titles.changeDates")}</h1>
      <p className="mt-4">
        {t("change.now", {
          reference,
          room: roomTypeName,
          checkIn: formatDate(checkIn, i18n.language, "full"),
          checkOut: formatDate(checkOut, i18n.language, "full"),
        })}
      </p>
      {general.length > 0 && (
        <div className="mt-4">
          <Alert>{general.map((p) => t(p.key, p.values)).join(" ")}</Alert>
        </div>
      )}
      <Form method="post" className="mt-6 grid gap-4 sm:grid-cols-2">
        <StayDates
          checkIn={answer?.values.checkIn ?? checkIn}
          checkOut={answer?.values.checkOut ?? checkOut}
          min={today}
          locale={i18n.language}
          errors={{ checkIn: fieldError("checkIn"), checkOut: fieldError("checkOut") }}
        />
        <p className="text-sm text-stone-700 sm:col-span-2">{t("change.hint")}</p>
        <div className="flex flex-wrap gap-4 sm:col-span-2">
          <Button>{t("change.submit")}</Button>
          <a
            className="inline-block min-h-11 rounded border border-stone-500 bg-white px-5 py-2 font-medium"
            href={`/bookings/${reference}`}
          >
            {t("change.keep")}
          </a>
        </div>
      </Form>
    </main>
  );
}
