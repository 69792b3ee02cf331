// The guest portal end to end, in English and in Arabic: search, sign in on
// the way without losing the stay, book, see the confirmation, cancel. Every
// page on the way is checked with axe-core and photographed.
import type { Page } from "@playwright/test";
import { DEMO_PASSWORD, daysAhead, expect, expectAccessible, guestElsewhere, screenshots, test } from "./helpers";

const LANGUAGES = [
  {
    lng: "en",
    search: "Search",
    book: "Book",
    signIn: "Sign in",
    confirm: /Confirm booking/,
    cancel: "Cancel booking",
    yes: "Yes, cancel it",
  },
  {
    lng: "ar",
    search: "بحث",
    book: "احجز",
    signIn: "تسجيل الدخول",
    confirm: /تأكيد الحجز/,
    cancel: "إلغاء الحجز",
    yes: "نعم، ألغِه",
  },
] as const;

for (const [index, words] of LANGUAGES.entries()) {
  test(`a guest books and cancels a stay (${words.lng})`, async ({ page }) => {
    const checkIn = daysAhead(200 + index * 10);
    const checkOut = daysAhead(202 + index * 10);
    await page.goto(`/?lng=${words.lng}`);
    await expect(page.locator("html")).toHaveAttribute("dir", words.lng === "ar" ? "rtl" : "ltr");
    await expectAccessible(page, `home (${words.lng})`);
    await screenshots(page, `home-${words.lng}`);

    // The dates come in the link (as from a shared search); the picker shows them and the form sends them on.
    await page.goto(`/?lng=${words.lng}&checkIn=${checkIn}&checkOut=${checkOut}&adults=2`);
    await page.waitForLoadState("networkidle");
    await page.getByRole("button", { name: words.search }).click();
    await expect(page).toHaveURL(new RegExp(`checkIn=${checkIn}&checkOut=${checkOut}`));
    await expect(page.locator("#results-heading")).toBeVisible();
    await expectAccessible(page, `results (${words.lng})`);
    await screenshots(page, `results-${words.lng}`);

    await page
      .getByRole("link", { name: new RegExp(`^${words.book} `) })
      .first()
      .click();
    await expect(page).toHaveURL(/\/book\?/);
    await expectAccessible(page, `book, signed out (${words.lng})`);
    await page.locator("#book-email").fill("guest@example.com");
    await page.locator("#book-password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: words.signIn, exact: true }).last().click();
    // Back on the booking page, signed in, with the same stay.
    await expect(page).toHaveURL(new RegExp(`/book\\?.*checkIn=${checkIn}`));
    await expect(page.getByRole("button", { name: words.confirm })).toBeVisible();
    await expectAccessible(page, `book, signed in (${words.lng})`);
    await screenshots(page, `book-${words.lng}`);

    await page.getByRole("button", { name: words.confirm }).click();
    await expect(page).toHaveURL(/\/bookings\/[A-Z0-9]{4}-[A-Z0-9]{4}\?new=1/);
    const reference = /\/bookings\/([A-Z0-9-]+)/.exec(page.url())![1];
    await expect(page.getByText(reference).first()).toBeVisible();
    await expectAccessible(page, `confirmation (${words.lng})`);
    await screenshots(page, `confirmation-${words.lng}`);

    // Once the page is live, cancelling asks in a dialog; the answer posts the same form.
    await page.waitForLoadState("networkidle");
    await page.getByRole("button", { name: words.cancel }).click();
    const dialog = page.getByRole("alertdialog");
    await expect(dialog).toBeVisible();
    await expectAccessible(page, `cancel dialog (${words.lng})`);
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("button", { name: words.cancel })).toBeFocused();
    await page.getByRole("button", { name: words.cancel }).click();
    await dialog.getByRole("button", { name: words.yes }).click();
    await expect(page).toHaveURL(new RegExp(`/bookings/${reference}\\?cancelled=1`));
    await expect(page.getByRole("button", { name: words.cancel })).toHaveCount(0);
  });
}

test("the whole booking with the keyboard alone", async ({ page }) => {
  await page.goto("/?lng=en");
  // A person reads the page before pressing keys: let it finish loading (and hydrating) first.
  await page.waitForLoadState("networkidle");
  /** Presses Tab until the focused element matches the CSS `selector` (at most 80 times), like a keyboard user. */
  const tabTo = async (selector: string) => {
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press("Tab");
      if (await page.evaluate((css) => document.activeElement?.matches(css) ?? false, selector)) return;
    }
    throw new Error(`could not reach ${selector} with Tab`);
  };
  // The skip link comes first and moves focus past the header.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await tabTo('main form[method="get"] button[type="submit"]');
  await page.keyboard.press("Enter");
  await expect(page.locator("#results-heading")).toBeVisible();
  await page.waitForLoadState("networkidle");
  await tabTo('a[href^="/book?"]');
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/book\?/);
  await page.waitForLoadState("networkidle");
  await tabTo("#book-email");
  await page.keyboard.type("guest@example.com");
  await page.keyboard.press("Tab");
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: /Confirm booking/ })).toBeVisible();
  await page.waitForLoadState("networkidle");
  await tabTo('main form[action^="/book"] button[type="submit"]');
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/bookings\/[A-Z0-9-]+\?new=1/);
});

test("the date range picker works by keyboard and sends the dates", async ({ page }) => {
  await page.goto(`/?lng=en&checkIn=${daysAhead(100)}&checkOut=${daysAhead(102)}&adults=2`);
  await page.waitForLoadState("networkidle");
  const arrival = page.getByRole("group", { name: "Your stay" });
  await expect(arrival).toBeVisible();
  // Open the calendar with the keyboard, pick a start and an end with the arrow keys.
  await page.getByRole("button", { name: "Choose dates on a calendar" }).focus();
  await page.keyboard.press("Enter");
  const calendar = page.getByRole("dialog", { name: "Choose dates on a calendar" });
  await expect(calendar).toBeVisible();
  await expectAccessible(page, "date picker open");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Enter");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Enter");
  await expect(calendar).toBeHidden();
  const start = await page.locator('input[name="checkIn"]').inputValue();
  const end = await page.locator('input[name="checkOut"]').inputValue();
  // The calendar opens on the current arrival; one step right and Enter makes the next day the arrival,
  // two more steps and Enter a departure after it.
  expect(start).toBe(daysAhead(101));
  expect(Date.parse(end)).toBeGreaterThan(Date.parse(start));
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(new RegExp(`checkIn=${start}&checkOut=${end}`));
});

/** Holds back the translations a page needs before it comes alive, as a slow phone network would. */
async function holdScripts(page: Page): Promise<() => Promise<void>> {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/locales/**", async (route) => {
    await held;
    await route.continue();
  });
  return async () => {
    release();
    await page.waitForLoadState("networkidle");
    // Alive: React has taken the page over and run its effects.
    await page.waitForFunction(() =>
      Object.keys(document.querySelector("main") ?? {}).some((k) => k.startsWith("__react")),
    );
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  };
}

test("dates typed before the page's scripts arrive are the ones searched", async ({ page }) => {
  const alive = await holdScripts(page);
  await page.goto(`/?lng=en`, { waitUntil: "domcontentloaded" });
  await page.locator('input[name="checkIn"][type="date"]').fill(daysAhead(120));
  await page.locator('input[name="checkOut"][type="date"]').fill(daysAhead(123));
  await alive();
  await expect(page.getByRole("group", { name: "Your stay" })).toBeVisible();
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(new RegExp(`checkIn=${daysAhead(120)}&checkOut=${daysAhead(123)}`));
});

test("text typed before the page's scripts arrive stays in its field", async ({ page }) => {
  const alive = await holdScripts(page);
  await page.goto(`/sign-in?lng=en`, { waitUntil: "domcontentloaded" });
  const email = page.getByLabel("Email");
  await email.fill("typed.early@example.com");
  await alive();
  // Leaving the field re-renders it: the typed address must survive that.
  await email.focus();
  await page.keyboard.press("Tab");
  await expect(email).toHaveValue("typed.early@example.com");
  await email.press("End");
  await email.pressSequentially("x");
  await expect(email).toHaveValue("typed.early@example.comx");
});

test("my bookings change by themselves when a booking is made or cancelled elsewhere", async ({ page, baseURL }) => {
  await page.goto("/sign-in?lng=en&redirectTo=/bookings");
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Email").fill("guest@example.com");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).last().click();
  await expect(page.getByRole("heading", { level: 1, name: "My bookings" })).toBeVisible();

  // The same guest books on another device (here, the API), then cancels there.
  const guest = await guestElsewhere(baseURL);
  const reference = await guest.book(320, 2);
  const entry = page.getByRole("listitem").filter({ hasText: reference });
  await expect(entry).toContainText("Confirmed", { timeout: 2_000 });
  await guest.cancel(reference);
  await expect(entry).toContainText("Cancelled", { timeout: 2_000 });
  await guest.dispose();
});

test("a guest chooses the non-refundable rate from the results, sees its policy, and books it at its price", async ({
  page,
}) => {
  const checkIn = daysAhead(250);
  const checkOut = daysAhead(252);
  await page.goto(`/?lng=en&checkIn=${checkIn}&checkOut=${checkOut}&adults=2`);
  const first = page.locator("main li[data-rate-plan]").first().locator("xpath=ancestor::li[1]");
  const saver = first.locator('li[data-rate-plan="SAVER"]');
  await expect(saver).toContainText("Non-refundable");
  await expect(saver).toContainText("Paid in full when you book");
  await expect(first.locator('li[data-rate-plan="FLEX"]')).toContainText(
    "Free cancellation until 48 hours before arrival",
  );
  const total = /€[\d,.]+ in total/.exec((await saver.textContent())!)![0];
  await saver.getByRole("link", { name: /^Book .*, Advance saver/ }).click();
  await expect(page).toHaveURL(/ratePlanId=/);
  await expect(page.getByText(/not refundable/)).toBeVisible();
  await page.locator("#book-email").fill("guest@example.com");
  await page.locator("#book-password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).last().click();
  await page.getByRole("button", { name: /Confirm booking/ }).click();
  await expect(page).toHaveURL(/\/bookings\/[A-Z0-9]{4}-[A-Z0-9]{4}\?new=1/);
  await expect(page.getByRole("main")).toContainText(total.replace(" in total", ""));
});
