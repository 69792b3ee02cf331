// Expires overdue front-desk holds every second, so no screen shows a dead
// hold for long. (Bookings never wait for it: a booking refused by an overdue
// hold expires the holds in its way and decides again.) Safe to run on every app
// instance at once: each sweep skips rows another instance has locked.
import { expireOverdueHolds, SWEEPER } from "./booking.server";

export function startHoldSweeper(intervalMs = 1000): { stop: () => void } {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await expireOverdueHolds(SWEEPER);
    } catch (error) {
      console.error("hold sweeper:", error instanceof Error ? error.message : error);
    } finally {
      running = false;
    }
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
