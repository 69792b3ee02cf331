// A desk form's outcome: its problems (and the next free rooms), or saved and synced.
import { useTranslation } from "react-i18next";
import { Alert } from "~/ui/form";
import { useHydrated } from "~/ui/hydrated";
import type { ClientDeskAnswer } from "./offline";

/** A form's outcome: its problems, or saved (and, with JavaScript, synced once its txid is back). */
export function Answer({
  answer,
  synced,
}: {
  answer: ClientDeskAnswer;
  synced: (txid: string | undefined) => boolean;
}) {
  const { t } = useTranslation();
  const hydrated = useHydrated();
  if (!answer.ok) {
    return (
      <Alert>
        {answer.problems.map((problem) => (
          <p key={`${problem.field}${problem.key}`}>{t(problem.key, problem.values)}</p>
        ))}
        {answer.alternatives && answer.alternatives.length > 0 && (
          <p>{t("desk.nextFree", { rooms: answer.alternatives.map((room) => room.roomNumber).join(", ") })}</p>
        )}
      </Alert>
    );
  }
  if ("queued" in answer) {
    return (
      <Alert tone="info">
        <span data-testid="desk-queued">{t("desk.offline.queued")}</span>
      </Alert>
    );
  }
  return (
    <Alert tone="info">
      <span data-testid="desk-saved">
        {!answer.txid
          ? t("desk.saved")
          : !hydrated || synced(answer.txid)
            ? t("board.change.synced")
            : t("board.change.syncing")}
      </span>
    </Alert>
  );
}
