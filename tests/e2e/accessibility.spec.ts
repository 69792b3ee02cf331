// axe-core on every page of the guest portal, in every language, signed out
// and signed in as the demo guest: zero WCAG 2.x A/AA violations.
import { DEMO_PASSWORD, daysAhead, expect, expectAccessible, test } from "./helpers";

const LANGUAGES = ["en", "es", "fr", "de", "ar"];

for (const lng of LANGUAGES) {
  test(`every portal page is accessible (${lng})`, async ({ page }) => {
    // Two dozen pages through axe-core, each at two widths: ~40 s alone on two cores, more on a busy machine.
    test.setTimeout(120_000);
    const stay = `roomTypeId=ROOM&checkIn=${daysAhead(300)}&checkOut=${daysAhead(302)}&adults=2`;
    await page.goto(`/?lng=${lng}`);
    const roomTypeId = await page.evaluate(async () => {
      const response = await fetch("/api/v1/properties");
      return ((await response.json()) as { properties: { roomTypes: { id: string }[] }[] }).properties[0].roomTypes[0]
        .id;
    });
    const bookUrl = `/book?${stay.replace("ROOM", roomTypeId)}`;
    for (const path of [
      "/",
      `/?checkIn=${daysAhead(300)}&checkOut=${daysAhead(302)}&adults=2`,
      `/?checkIn=2027-02-30&checkOut=${daysAhead(302)}&adults=0`,
      "/sign-in",
      "/sign-up",
      "/forgot-password",
      `/reset-password/${"x".repeat(43)}`,
      bookUrl,
      "/no-such-page",
    ]) {
      await page.goto(path);
      await expect(page.locator("html")).toHaveAttribute("lang", lng);
      await expectAccessible(page, `${path} (${lng}, signed out)`);
    }

    // A form with errors is checked too: messages are announced and tied to their fields.
    await page.goto("/sign-up");
    await page.waitForLoadState("networkidle");
    await page.locator('form[method="post"] button[type="submit"]').click();
    // Focus moves to the first field that needs fixing.
    await expect(page.locator('[aria-invalid="true"]').first()).toBeFocused();
    await expectAccessible(page, `sign-up with errors (${lng})`);

    // At 320 px wide (400 % zoom of a 1280 px screen) nothing needs scrolling sideways.
    await page.setViewportSize({ width: 320, height: 640 });
    for (const path of ["/", bookUrl, "/sign-in"]) {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path} at 320 px (${lng})`).toBeLessThanOrEqual(0);
    }
    await page.setViewportSize({ width: 1280, height: 720 });

    await page.goto("/sign-in");
    await page.locator("#field-email").fill("guest@example.com");
    await page.locator("#field-password").fill(DEMO_PASSWORD);
    await page.locator('main form button[type="submit"]').click();
    await expect(page).toHaveURL(/\/account$/);
    await page.goto("/bookings");
    const reference = (await page.locator('main a[href^="/bookings/"]').first().getAttribute("href"))!;
    for (const path of [
      "/account",
      "/account/privacy",
      "/bookings",
      bookUrl,
      reference,
      `${reference}/cancel`,
      `${reference}/change`,
      "/manage",
    ]) {
      await page.goto(path);
      await expectAccessible(page, `${path} (${lng}, signed in)`);
    }
  });
}
