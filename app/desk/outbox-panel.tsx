// What the clerk did offline and what became of it: pending (kept on this
// device), sent (and synced once its change came back through the shapes),
// or a conflict with the server's reason — a walk-in whose room was sold
// meanwhile offers the next free rooms, one click to book again.
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { dismiss, rebook, type OutboxItem } from "~/offline/outbox";
import { useOutbox } from "~/offline/use-outbox";
import { Alert } from "~/ui/form";
import { useRevalidate } from "~/ui/revalidate";
import type { Desk } from "./model";

const BUTTON = "min-h-11 rounded border border-stone-500 bg-white px-3";

export function OutboxPanel({
  desk,
  offline,
  synced,
}: {
  desk: Desk;
  offline: boolean;
  synced: (txid: string | undefined) => boolean;
}) {
  const { t } = useTranslation();
  const { items, outcome } = useOutbox(desk.accountId);
  const mine = items.filter((item) => item.accountId === desk.accountId && item.propertyId === desk.property.id);
  const others = items.filter((item) => item.accountId !== desk.accountId && item.state === "pending").length;
  // A change that went through: the page's lists and names are read again.
  const revalidate = useRevalidate();
  const sent = mine.filter((item) => item.state === "sent").length;
  const seenSent = useRef(sent);
  useEffect(() => {
    if (sent > seenSent.current) revalidate();
    seenSent.current = sent;
  }, [sent, revalidate]);
  if (!offline && mine.length === 0 && others === 0) return null;
  return (
    <section
      aria-labelledby="outbox"
      className="mt-4 rounded border border-stone-400 bg-white p-4"
      data-testid="outbox"
    >
      <h2 id="outbox" className="text-xl font-semibold">
        {t("desk.offline.title")}
      </h2>
      {offline && <p className="mt-1">{t("desk.offline.working")}</p>}
      {outcome === "signed_out" && (
        <div className="mt-2">
          <Alert>
            {t("desk.offline.signIn")}{" "}
            <a className="underline" href={`/sign-in?${new URLSearchParams({ redirectTo: "/desk" })}`}>
              {t("desk.offline.signInLink")}
            </a>
          </Alert>
        </div>
      )}
      {others > 0 && <p className="mt-1">{t("desk.offline.others", { count: others })}</p>}
      {mine.length === 0 ? (
        <p className="mt-1 text-stone-700">{t("desk.offline.nothing")}</p>
      ) : (
        <ul className="mt-2 flex flex-col gap-2">
          {mine.map((item) => (
            <Item key={item.seq} item={item} synced={synced} />
          ))}
        </ul>
      )}
    </section>
  );
}

function Item({ item, synced }: { item: OutboxItem; synced: (txid: string | undefined) => boolean }) {
  const { t } = useTranslation();
  const what = [
    t(`desk.offline.intent.${item.intent}`),
    item.label.guest,
    item.label.room && t("board.roomWithNumber", { number: item.label.room }),
    item.intent === "housekeeping" && item.fields.state && t(`board.housekeepingState.${item.fields.state}`),
  ].filter(Boolean);
  return (
    <li
      className="rounded border border-stone-300 p-2"
      data-outbox-state={item.state}
      data-outbox-intent={item.intent}
      data-reference={item.answer?.reference}
    >
      <p>
        <span className="font-medium">{what.join(" · ")}</span> —{" "}
        <span>
          {item.state === "pending"
            ? t("desk.offline.pending")
            : item.state === "sent"
              ? synced(item.answer?.txid)
                ? t("desk.offline.synced")
                : t("desk.offline.sent")
              : t("desk.offline.conflict")}
        </span>
        {item.answer?.reference && <span> · {item.answer.reference}</span>}
      </p>
      {item.state === "conflict" && (
        <div className="mt-1 text-red-900">
          {(item.answer?.problems ?? []).map((problem) => (
            <p key={`${problem.field}${problem.key}`}>{t(problem.key, problem.values)}</p>
          ))}
        </div>
      )}
      <div className="mt-1 flex flex-wrap gap-2">
        {item.state === "conflict" &&
          item.intent === "walk-in" &&
          (item.answer?.alternatives ?? []).map((room) => (
            <button key={room.roomId} type="button" className={BUTTON} onClick={() => void rebook(item.seq!, room)}>
              {t("desk.offline.rebook", { number: room.roomNumber })}
            </button>
          ))}
        {item.state !== "pending" && (
          <button type="button" className={BUTTON} onClick={() => void dismiss(item.seq!)}>
            {t("desk.offline.dismiss")}
          </button>
        )}
      </div>
    </li>
  );
}
