// Runs the night audit's no-show step for each property once a day, after
// 03:00 in the property's time zone, as `system:night-audit`. Checks every
// minute; safe to run on every app instance at once (runDueNightAudits claims
// each property's day under an advisory lock and a primary key).
import { runDueNightAudits } from "./house.server";

export function startNightAuditor(intervalMs = 60_000): { stop: () => void } {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await runDueNightAudits({ id: "system:night-audit", channel: "system" });
    } catch (error) {
      console.error("night audit:", error instanceof Error ? error.message : error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
