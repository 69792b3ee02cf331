// Changing a stay's dates from the booking page: the new dates are checked
// against what is free (the guest keeps their room when they can), the price
// follows the new nights, and a mistake keeps what was typed.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { isStaff } from "~/auth/session.server";
import { requireWebAuth } from "~/auth/web.server";
import { mayCancel, readableBooking } from "~/booking/access.server";
import { changeDates } from "~/booking/booking.server";
import { catalogueText, localizeBooking } from "~/booking/catalogue-text.server";
import { todayIn } from "~/booking/dates";
import { isBookingError } from "~/booking/errors";
import { getPropertyRules } from "~/booking/property.server";
import { changeDatesSchema } from "~/booking/schemas";
import { readForm } from "~/http/form.server";
import { pageTitle } from "~/i18n/page.server";
import { problemsFromZod, type FieldProblem } from "~/i18n/validation";
import { Alert, Button } from "~/ui/form";
import { formatDate } from "~/ui/format";
import { StayDates } from "~/ui/stay-dates";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

/** The booking and its one open reservation, if this account may change it. */
async function changeable(request: Request, reference: string | undefined) {
  const { account } = await requireWebAuth(request);
  const booking = await readableBooking(account, reference);
  if (!booking) throw new Response("Not found", { status: 404 });
  if (!mayCancel(account, booking)) throw new Response("Forbidden", { status: 403 });
  const open = booking.reservations.filter((r) => r.status === "held" || r.status === "confirmed");
  if (open.length !== 1) throw redirect(`/bookings/${booking.reference}`);
  return { account, booking, reservation: open[0] };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { booking, reservation } = await changeable(request, params.reference);
  const rules = await getPropertyRules(booking.propertyId);
  const localized = localizeBooking(booking, await catalogueText(request));
  return {
    reference: booking.reference,
    roomTypeName: localized.reservations.find((r) => r.id === reservation.id)?.roomTypeName ?? "",
    checkIn: reservation.checkIn,
    checkOut: reservation.checkOut,
    today: todayIn(rules?.timeZone ?? "UTC"),
    title: await pageTitle(request, "titles.changeDates"),
  };
}

type ActionData = { problems: FieldProblem[]; values: { checkIn: string; checkOut: string } };

export async function action({ request, params }: ActionFunctionArgs) {
  const { account, booking, reservation } = await changeable(request, params.reference);
  const form = await readForm(request);
  const values = { checkIn: String(form.get("checkIn") ?? ""), checkOut: String(form.get("checkOut") ?? "") };
  const parsed = changeDatesSchema.safeParse(values);
  if (!parsed.success) {
    return data({ problems: problemsFromZod(parsed.error), values } satisfies ActionData, { status: 422 });
  }
  try {
    await changeDates(
      { reference: booking.reference, reservationId: reservation.id, ...parsed.data },
      { id: `account:${account.id}`, channel: isStaff(account) ? "front_desk" : "online" },
    );
  } catch (error) {
    if (!isBookingError(error)) throw error;
    const problems: FieldProblem[] = [{ field: "form", key: `bookingErrors.${error.code}` }];
    return data({ problems, values } satisfies ActionData, { status: error.code === "sold_out" ? 409 : 422 });
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
