// Expires overdue front-desk holds every second, so no screen shows a dead
// hold for long. (Bookings never wait for it: a booking transaction expires
// the overdue holds in its own way first.) Safe to run on every app
// instance at once: each sweep skips rows another instance has locked.
import { expireOverdueHolds } from "./booking.server";

export function startHoldSweeper(intervalMs = 1000): { stop: () => void } {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await expireOverdueHolds({ id: "system:hold-sweeper", channel: "system" });
    } catch (error) {
      console.error("hold sweeper:", error instanceof Error ? error.message : error);
    } finally {
      running = false;
    }
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
