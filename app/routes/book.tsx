// Book a stay chosen from the search: sign in (or up) without losing it,
// give the guest's details, see the terms, confirm - booked in that request.
// The form carries an idempotency key, so a double submit books once.
import { randomUUID } from "node:crypto";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requestHash } from "~/api/request.server";
import { authenticate } from "~/auth/session.server";
import { rateLimit, RateLimited } from "~/auth/throttle.server";
import { requireWebPermission } from "~/web/auth.server";
import { actorFor } from "~/booking/access.server";
import { book } from "~/booking/booking.server";
import { MIN_PASSWORD_LENGTH } from "~/auth/password-rules";
import { catalogueText, localizeRoomType } from "~/booking/catalogue-text.server";
import { propertyOfRoomType } from "~/booking/property.server";
import { quoteStay, type Quote } from "~/booking/quote.server";
import { guestDetailsSchema, stayChoiceSchema } from "~/booking/schemas";
import { readForm } from "~/web/form.server";
import { pageTitle } from "~/web/page.server";
import { toFormProblems } from "~/web/problems.server";
import { problemsFromZod, type FieldProblem } from "~/i18n/validation";
import { formatMoney } from "~/i18n/money";
import { Alert, Button, Field } from "~/ui/form";
import { formatDate } from "~/ui/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

const STAY_FIELDS = ["roomTypeId", "ratePlanId", "checkIn", "checkOut", "adults", "children", "rooms"] as const;

function stayFrom(source: URLSearchParams | FormData) {
  return Object.fromEntries(
    STAY_FIELDS.flatMap((field) => (source.get(field) ? [[field, String(source.get(field))]] : [])),
  );
}

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const title = await pageTitle(request, "titles.book");
  const choice = stayChoiceSchema.safeParse(stayFrom(url.searchParams));
  if (!choice.success)
    return { title, problems: problemsFromZod(choice.error), quote: null, stay: null, signedIn: null };
  let quote: Quote | undefined;
  let problems: FieldProblem[] = [];
  try {
    const [found, text] = await Promise.all([quoteStay(choice.data), catalogueText(request)]);
    quote = found && {
      ...found,
      roomType: localizeRoomType(found.roomType, text),
      ratePlan: { ...found.ratePlan, name: text.name(found.ratePlan.ratePlanId, found.ratePlan.name) },
    };
  } catch (error) {
    // The page still shows, with what went wrong where the stay would be.
    problems = toFormProblems(error).problems;
  }
  if (!quote && problems.length === 0) problems = [{ field: "form", key: "bookingErrors.not_found" }];
  const auth = await authenticate(request);
  return {
    title,
    problems,
    quote: quote ?? null,
    stay: { ...choice.data, query: url.search },
    signedIn: auth && auth.stage === "full" ? { name: auth.account.displayName, email: auth.account.email } : null,
    // One key per page view: submitting this form twice can only book once.
    idempotencyKey: randomUUID(),
  };
}

type ActionData = { problems: FieldProblem[]; values: Record<string, string> };

export async function action({ request }: ActionFunctionArgs) {
  const auth = await requireWebPermission(request, "booking:create");
  const { account } = auth;
  const form = await readForm(request);
  const values = Object.fromEntries([...form].map(([key, value]) => [key, String(value)]));
  const choice = stayChoiceSchema.safeParse(stayFrom(form));
  const guest = guestDetailsSchema.safeParse({
    fullName: values.fullName,
    email: values.email,
    phone: values.phone || undefined,
  });
  const key = /^[\w-]{8,80}$/.test(values.idempotencyKey ?? "") ? values.idempotencyKey : undefined;
  if (!choice.success || !guest.success || !key) {
    const problems = [
      ...(choice.success ? [] : problemsFromZod(choice.error)),
      ...(guest.success ? [] : problemsFromZod(guest.error)),
      ...(key ? [] : [{ field: "form", key: "validation.invalid" }]),
    ];
    return Response.json({ problems, values } satisfies ActionData, { status: 422 });
  }
  const propertyId = (await propertyOfRoomType(choice.data.roomTypeId))?.id;
  if (!propertyId) {
    return Response.json(
      { problems: [{ field: "form", key: "bookingErrors.not_found" }], values } satisfies ActionData,
      {
        status: 422,
      },
    );
  }
  try {
    await rateLimit("booking", account.id);
    const { booking: made } = await book(
      { ...choice.data, propertyId, accountId: account.id, guest: guest.data, channel: "online" },
      actorFor(auth),
      {
        caller: `account:${account.id}`,
        key: `web:${key}`,
        requestHash: requestHash({ ...choice.data, guest: guest.data }),
      },
    );
    return redirect(`/bookings/${made.reference}?new=1`);
  } catch (error) {
    if (error instanceof RateLimited) {
      const problems = [{ field: "form", key: "limits.wait", values: { count: error.retryAfterSeconds } }];
      return Response.json({ problems, values } satisfies ActionData, { status: 429 });
    }
    const { problems, status } = toFormProblems(error);
    return Response.json({ problems, values } satisfies ActionData, { status });
  }
}

export default function Book() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const data = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const navigation = useNavigation();
  const problems = [...data.problems, ...(result?.problems ?? [])];
  const fieldError = (name: string) => {
    const found = problems.find((problem) => problem.field === name);
    return found ? t(found.key, found.values) : undefined;
  };
  const formProblems = problems.filter((problem) => !["fullName", "email", "phone"].includes(problem.field));
  const { quote, stay } = data;
  return (
    <main id="main" className="mx-auto max-w-2xl p-6">
      <h1 className="text-3xl font-semibold">{t("titles.book")}</h1>
      {formProblems.length > 0 && (
        <div className="mt-4">
          <Alert>
            <ul className="list-disc ps-5">
              {formProblems.map((problem) => (
                <li key={`${problem.field}-${problem.key}`}>{t(problem.key, problem.values)}</li>
              ))}
            </ul>
            <a className="mt-2 inline-block underline" href="/">
              {t("book.backToSearch")}
            </a>
          </Alert>
        </div>
      )}
      {quote && stay && (
        <>
          <section aria-labelledby="stay-heading" className="mt-6 rounded-lg border border-stone-200 bg-white p-5">
            <h2 id="stay-heading" className="text-xl font-semibold">
              {t("book.yourStay")}
            </h2>
            <dl className="mt-3 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2">
              <dt className="font-medium">{t("book.hotel")}</dt>
              <dd>{quote.propertyName}</dd>
              <dt className="font-medium">{t("book.room")}</dt>
              <dd>{quote.roomType.name}</dd>
              <dt className="font-medium">{t("book.dates")}</dt>
              <dd>
                {t("book.datesValue", {
                  checkIn: formatDate(stay.checkIn, locale, "full"),
                  checkOut: formatDate(stay.checkOut, locale, "full"),
                  count: quote.nights,
                })}
              </dd>
              <dt className="font-medium">{t("book.guests")}</dt>
              <dd>
                {t("book.adults", { count: stay.adults })}
                {stay.children ? `, ${t("book.children", { count: stay.children })}` : ""}
              </dd>
              <dt className="font-medium">{t("book.total")}</dt>
              <dd className="font-semibold">
                {formatMoney(quote.ratePlan.totalPrice, quote.roomType.currency, locale)}
              </dd>
            </dl>
            <h3 className="mt-4 font-semibold">{t("book.terms")}</h3>
            <p className="mt-1">
              {quote.ratePlan.refundable
                ? t("book.refundable", { name: quote.ratePlan.name, count: quote.ratePlan.cancellationHours ?? 0 })
                : t("book.nonRefundable", { name: quote.ratePlan.name })}
            </p>
          </section>

          {quote.roomType.soldOut || quote.ratePlan.restriction ? (
            <div className="mt-6">
              <Alert>
                {quote.ratePlan.restriction
                  ? t(`restrictions.${quote.ratePlan.restriction.rule}`, {
                      ...quote.ratePlan.restriction,
                      date: formatDate(quote.ratePlan.restriction.date, locale),
                    })
                  : t("search.soldOut")}{" "}
                <a className="underline" href="/">
                  {t("book.backToSearch")}
                </a>
              </Alert>
            </div>
          ) : data.signedIn ? (
            <section aria-labelledby="guest-heading" className="mt-6">
              <h2 id="guest-heading" className="text-xl font-semibold">
                {t("book.guestDetails")}
              </h2>
              {/* Posting back to this very URL keeps the stay on the page if something needs fixing. */}
              <Form method="post" action={`/book${stay.query}`} className="mt-4 flex flex-col gap-4" noValidate>
                {Object.entries(stay)
                  .filter(([name]) => name !== "query")
                  .map(([name, value]) => (
                    <input key={name} type="hidden" name={name} value={String(value)} />
                  ))}
                <input type="hidden" name="ratePlanId" value={quote.ratePlan.ratePlanId} />
                <input
                  type="hidden"
                  name="idempotencyKey"
                  value={result?.values.idempotencyKey ?? data.idempotencyKey}
                />
                <Field
                  name="fullName"
                  label={t("book.fullName")}
                  autoComplete="name"
                  required
                  defaultValue={result?.values.fullName ?? data.signedIn.name}
                  error={fieldError("fullName")}
                />
                <Field
                  name="email"
                  label={t("book.email")}
                  type="email"
                  autoComplete="email"
                  required
                  defaultValue={result?.values.email ?? data.signedIn.email}
                  error={fieldError("email")}
                />
                <Field
                  name="phone"
                  label={t("book.phone")}
                  type="tel"
                  autoComplete="tel"
                  hint={t("book.phoneHint")}
                  defaultValue={result?.values.phone}
                  error={fieldError("phone")}
                />
                <Button isDisabled={navigation.state === "submitting"}>
                  {t("book.confirm", {
                    price: formatMoney(quote.ratePlan.totalPrice, quote.roomType.currency, locale),
                  })}
                </Button>
              </Form>
            </section>
          ) : (
            <section aria-labelledby="signin-heading" className="mt-6 rounded-lg border border-stone-200 bg-white p-5">
              <h2 id="signin-heading" className="text-xl font-semibold">
                {t("book.signInFirst")}
              </h2>
              <p className="mt-2">{t("book.signInWhy")}</p>
              <Form method="post" action="/sign-in" className="mt-4 flex flex-col gap-4">
                <input type="hidden" name="redirectTo" value={`/book${stay.query}`} />
                <Field
                  name="email"
                  id="book-email"
                  label={t("signIn.email")}
                  type="email"
                  autoComplete="username"
                  required
                />
                <Field
                  name="password"
                  id="book-password"
                  label={t("signIn.password")}
                  type="password"
                  autoComplete="current-password"
                  required
                />
                <Button>{t("signIn.submit")}</Button>
              </Form>
              <h3 className="mt-6 font-semibold">{t("book.orSignUp")}</h3>
              <Form method="post" action="/sign-up" className="mt-3 flex flex-col gap-4">
                <input type="hidden" name="redirectTo" value={`/book${stay.query}`} />
                <Field name="displayName" id="book-new-name" label={t("signUp.name")} autoComplete="name" required />
                <Field
                  name="email"
                  id="book-new-email"
                  label={t("signUp.email")}
                  type="email"
                  autoComplete="email"
                  required
                />
                <Field
                  name="password"
                  id="book-new-password"
                  label={t("signUp.password")}
                  type="password"
                  autoComplete="new-password"
                  hint={t("password.hint", { min: MIN_PASSWORD_LENGTH })}
                  required
                />
                <Button variant="secondary">{t("signUp.submit")}</Button>
              </Form>
            </section>
          )}
        </>
      )}
    </main>
  );
}
