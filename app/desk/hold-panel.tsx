// A walk-in's hold: its countdown, the guest's details and identity, confirm, release or extend once.
import { Form } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { DeskStay } from "~/booking/desk-reads.server";
import { DOCUMENT_TYPES } from "~/booking/schemas";
import { Alert, Button, Field } from "~/ui/form";
import { formatDate } from "~/ui/format";
import { useHydrated } from "~/ui/hydrated";
import type { DeskAnswer } from "~/web/desk.server";
import { SELECT, type Desk } from "./model";

/** Minutes and seconds left until `expiresAt`, ticking; before hydration, the deadline's time. */
function Countdown({ expiresAt, timeZone }: { expiresAt: string; timeZone: string }) {
  const { t, i18n } = useTranslation();
  const hydrated = useHydrated();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const deadline = Date.parse(expiresAt);
  const time = new Intl.DateTimeFormat(i18n.language, { hour: "2-digit", minute: "2-digit", timeZone }).format(
    deadline,
  );
  if (!hydrated) return <p>{t("desk.holdUntil", { time })}</p>;
  const left = Math.max(0, Math.round((deadline - now) / 1000));
  const clock = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
  return (
    <p data-testid="hold-countdown" data-seconds-left={left}>
      {left > 0 ? t("desk.holdLeft", { clock, time }) : t("desk.holdOver")}
    </p>
  );
}

export function HoldPanel({ desk, hold, answer }: { desk: Desk; hold: DeskStay; answer: DeskAnswer | undefined }) {
  const { t, i18n } = useTranslation();
  const mine = answer && !answer.ok && ["confirm", "release", "extend"].includes(answer.intent) ? answer : undefined;
  const problem = (field: string) => {
    const found = mine?.problems.find((p) => p.field === field);
    return found ? t(found.key, found.values) : undefined;
  };
  const general = mine?.problems.filter((p) => !["fullName", "email", "phone", "country", "number"].includes(p.field));
  return (
    <section aria-labelledby="hold" className="rounded border border-amber-700 bg-amber-50 p-4" data-testid="hold">
      <h2 id="hold" tabIndex={-1} data-focus-here className="text-xl font-semibold">
        {t("desk.holdTitle", { reference: hold.reference })}
      </h2>
      <p className="mt-1">
        {t("board.roomWithNumber", { number: hold.roomNumber })} · {hold.roomTypeName} ·{" "}
        {formatDate(hold.checkIn, i18n.language)} – {formatDate(hold.checkOut, i18n.language)} ·{" "}
        {t(`status.${hold.status}`)}
      </p>
      {hold.status === "held" && hold.holdExpiresAt && (
        <Countdown expiresAt={hold.holdExpiresAt} timeZone={desk.property.timeZone} />
      )}
      {general && general.length > 0 && (
        <div className="mt-3" data-testid="hold-answer">
          <Alert>
            {general.map((p) => (
              <p key={`${p.field}${p.key}`}>{t(p.key, p.values)}</p>
            ))}
          </Alert>
        </div>
      )}
      {answer?.ok && answer.intent === "extend" && (
        <div className="mt-3">
          <Alert tone="info">{t("desk.extended")}</Alert>
        </div>
      )}
      {hold.status === "held" && (
        <>
          <Form method="post" preventScrollReset className="mt-3 grid gap-3 sm:grid-cols-2">
            <input type="hidden" name="intent" value="confirm" />
            <input type="hidden" name="reference" value={hold.reference} />
            <Field name="fullName" label={t("desk.guestName")} required error={problem("fullName")} />
            <Field name="email" type="email" label={t("fields.email")} error={problem("email")} />
            <Field name="phone" type="tel" label={t("desk.phone")} error={problem("phone")} />
            <IdentityFields idPrefix="confirm" problem={problem} />
            <div className="flex items-end">
              <Button>{t("desk.confirm")}</Button>
            </div>
          </Form>
          <div className="mt-3 flex flex-wrap gap-3">
            <Form method="post" preventScrollReset>
              <input type="hidden" name="intent" value="extend" />
              <input type="hidden" name="reference" value={hold.reference} />
              <Button variant="secondary">{t("desk.extend")}</Button>
            </Form>
            <Form method="post" preventScrollReset>
              <input type="hidden" name="intent" value="release" />
              <input type="hidden" name="reference" value={hold.reference} />
              <Button variant="secondary">{t("desk.release")}</Button>
            </Form>
          </div>
        </>
      )}
    </section>
  );
}

/** The identity check's fields (document type, issuing country, number), for a confirm and for a later check. */
export function IdentityFields({
  idPrefix,
  problem,
}: {
  idPrefix: string;
  problem?: (field: string) => string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <>
      <div className="flex flex-col gap-1">
        <label htmlFor={`${idPrefix}-documentType`} className="font-medium">
          {t("desk.documentType")}
        </label>
        <select id={`${idPrefix}-documentType`} name="documentType" className={SELECT}>
          {DOCUMENT_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`desk.document.${type}`)}
            </option>
          ))}
        </select>
      </div>
      <Field
        id={`${idPrefix}-country`}
        name="country"
        label={t("desk.country")}
        hint={t("validation.countryCode")}
        required
        maxLength={2}
        error={problem?.("country")}
      />
      <Field
        id={`${idPrefix}-number`}
        name="number"
        label={t("desk.documentNumber")}
        required
        error={problem?.("number")}
      />
    </>
  );
}
