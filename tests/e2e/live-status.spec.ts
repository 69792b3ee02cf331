// Every live screen says honestly when it is not live: the board and my
// bookings turn "offline" within seconds of the network going (the board
// used to stay green for 45 s), and live again when it returns.
import { expect, test } from "./helpers";
import { expectLive, signIn } from "./sign-in";

for (const [screen, email, path] of [
  ["the occupancy board", "manager@example.com", "/board"],
  ["my bookings", "guest@example.com", "/bookings"],
] as const) {
  test(`${screen} says it is offline as soon as the network goes, and live when it is back`, async ({
    page,
    context,
  }) => {
    await signIn(page, email, path);
    await expectLive(page);
    await context.setOffline(true);
    const status = page.locator("[data-live-status]");
    await expect(status).toHaveAttribute("data-live-status", "offline", { timeout: 5_000 });
    await expect(status).toContainText("Offline");
    await context.setOffline(false);
    await expectLive(page);
  });
}
