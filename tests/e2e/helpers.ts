// Shared by the end-to-end tests: accessibility checks, screenshots, and
// failing on any console error.
import AxeBuilder from "@axe-core/playwright";
import { expect, request, test as base, type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "../../launcher/demo";

export { DEMO_PASSWORD };

/** Every test fails if the page logs an error or throws. */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("console", (message) => {
        // A 4xx answer to a form is the page working as meant, not an error; nor is a request
        // refused while a test has switched the network off.
        const expected = /status of 4\d\d|net::ERR_INTERNET_DISCONNECTED|Failed to fetch manifest patches/;
        if (message.type() === "error" && !expected.test(message.text())) errors.push(message.text());
      });
      page.on("pageerror", (error) => errors.push(error.message));
      await use(errors);
      expect(errors, "console errors").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** axe-core with the WCAG 2.x A/AA rules: no violations allowed. */
export async function expectAccessible(page: Page, label: string) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(summary, `accessibility violations on ${label}`).toEqual([]);
}

/** Screenshots at phone and desktop widths, kept as test artefacts. */
export async function screenshots(page: Page, name: string) {
  const original = page.viewportSize();
  for (const [width, height, kind] of [
    [390, 844, "phone"],
    [1280, 900, "desktop"],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `test-results/screenshots/${name}-${kind}.png`, fullPage: true });
  }
  if (original) await page.setViewportSize(original);
}

/** A date `days` from today, YYYY-MM-DD (UTC is close enough for picking future stays). */
export function daysAhead(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The demo guest on another device: signed in to the JSON API, booking the
 * demo hotel's first room type (or cancelling) as any API client would.
 */
export async function guestElsewhere(baseURL: string | undefined) {
  const api = await request.newContext({ baseURL });
  const session = await (
    await api.post("/api/v1/sessions", { data: { email: "guest@example.com", password: DEMO_PASSWORD } })
  ).json();
  const headers = { authorization: `Bearer ${session.token}` };
  const { properties } = await (await api.get("/api/v1/properties")).json();
  return {
    async book(fromDay: number, nights: number, extra: Record<string, unknown> = {}): Promise<string> {
      const booked = await api.post("/api/v1/bookings", {
        headers: { ...headers, "idempotency-key": `e2e-${Date.now()}-${Math.random()}` },
        data: {
          propertyId: properties[0].id,
          roomTypeId: properties[0].roomTypes[0].id,
          checkIn: daysAhead(fromDay),
          checkOut: daysAhead(fromDay + nights),
          adults: 1,
          ...extra,
        },
      });
      expect(booked.status(), await booked.text()).toBe(201);
      return (await booked.json()).booking.reference;
    },
    async cancel(reference: string) {
      expect((await api.post(`/api/v1/bookings/${reference}/cancel`, { headers })).status()).toBe(200);
    },
    dispose: () => api.dispose(),
  };
}
