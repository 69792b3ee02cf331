// Whether a live screen is live: a dot and its words, announced when it changes.
import { useTranslation } from "react-i18next";

export function LiveStatus({ status }: { status: "connecting" | "live" | "offline" | "refused" | string }) {
  const { t } = useTranslation();
  const dot = status === "live" ? "bg-emerald-600" : status === "connecting" ? "bg-amber-500" : "bg-red-700";
  return (
    <p role="status" className="mt-2 flex items-center gap-2 text-sm" data-live-status={status}>
      <span aria-hidden="true" className={`inline-block h-3 w-3 rounded-full ${dot}`} />
      {t(`board.status.${status}`)}
    </p>
  );
}
