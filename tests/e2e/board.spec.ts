// The live occupancy board: a manager watches it while a booking is made and
// cancelled through the API in another context; the board changes within two
// seconds each time, without a reload. Also axe-core in every language.
import { request as playwrightRequest, type Cookie, type Page } from "@playwright/test";
import { TOTP } from "otpauth";
import { DEMO_PASSWORD, expect, expectAccessible, screenshots, test } from "./helpers";

const LANGUAGES = ["en", "es", "fr", "de", "ar"];

const manager = new TOTP({ secret: "JBSWY3DPEHPK3PXP", digits: 6, period: 30, algorithm: "SHA1" });
/** The manager's session, signed in once and shared by the tests. */
let managerCookies: Cookie[] | undefined;

async function signInAsManager(page: Page) {
  if (managerCookies) {
    await page.context().addCookies(managerCookies);
    await page.goto("/board");
  } else {
    await page.goto("/sign-in?redirectTo=/board");
    // Like a person, type once the page has finished loading (and hydrating).
    await page.waitForLoadState("networkidle");
    await page.getByLabel("Email").fill("manager@example.com");
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByLabel("One-time code (staff)").fill(manager.generate());
    await page.getByRole("button", { name: "Sign in", exact: true }).last().click();
  }
  await expect(page).toHaveURL(/^[^?]*\/board$/);
  await expect(page.getByRole("heading", { level: 1, name: "Occupancy board" })).toBeVisible();
  // Only once the board has loaded does the browser hold the session cookie to share.
  managerCookies ??= await page.context().cookies();
}

test("the board shows a booking made elsewhere within 2 seconds, and its cancellation", async ({ page, baseURL }) => {
  await signInAsManager(page);
  await expect(page.locator("[data-live-status]")).toHaveAttribute("data-live-status", "live", { timeout: 15_000 });
  const today = await page.locator("thead time").first().getAttribute("datetime");
  expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);

  // Another context: a guest booking tonight through the JSON API.
  const api = await playwrightRequest.newContext({ baseURL });
  const session = await api.post("/api/v1/sessions", {
    data: { email: "guest@example.com", password: DEMO_PASSWORD },
  });
  expect(session.status()).toBe(201);
  const headers = { authorization: `Bearer ${(await session.json()).token}` };
  const { properties } = await (await api.get("/api/v1/properties")).json();
  const propertyId = properties[0].id;
  const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const availability = await (
    await api.get(`/api/v1/availability?propertyId=${propertyId}&checkIn=${today}&checkOut=${tomorrow}&adults=1`)
  ).json();
  const free = availability.roomTypes.find((type: { available: number }) => type.available > 0);
  expect(free, "a room type free tonight").toBeTruthy();

  const ordersBefore = Number(await page.getByTestId("arrivals-count").textContent());
  const booked = await api.post("/api/v1/bookings", {
    headers: { ...headers, "idempotency-key": `board-e2e-${Date.now()}` },
    data: { propertyId, roomTypeId: free.roomTypeId ?? free.id, checkIn: today, checkOut: tomorrow, adults: 1 },
  });
  expect(booked.status(), await booked.text()).toBe(201);
  const { booking } = await booked.json();
  const roomNumber = booking.reservations[0].roomNumber;
  const cell = page.locator(`td[data-room="${roomNumber}"][data-night="${today}"]`);

  await expect(cell).toHaveAttribute("data-state", "confirmed", { timeout: 2_000 });
  await expect(page.getByTestId("arrivals-count")).toHaveText(String(ordersBefore + 1), { timeout: 2_000 });
  await expect(cell.locator(".sr-only")).toHaveText("Confirmed");

  const cancelled = await api.post(`/api/v1/bookings/${booking.reference}/cancel`, { headers });
  expect(cancelled.status()).toBe(200);
  await expect(cell).toHaveAttribute("data-state", "free", { timeout: 2_000 });
  await expect(page.getByTestId("arrivals-count")).toHaveText(String(ordersBefore), { timeout: 2_000 });
  await api.dispose();
});

test("a room taken out of order shows as saved only once it has synced back", async ({ page }) => {
  await signInAsManager(page);
  await expect(page.locator("[data-live-status]")).toHaveAttribute("data-live-status", "live", { timeout: 15_000 });
  const { cell, number } = await roomTonight(page, "free");

  await setOutOfOrder(page, number, "yes");
  await expect(cell).toHaveAttribute("data-state", "out_of_order");

  await setOutOfOrder(page, number, "no");
  await expect(cell).not.toHaveAttribute("data-state", "out_of_order");
});

test("a guest in a room taken out of order stays on the board, flagged to be moved", async ({ page }) => {
  await signInAsManager(page);
  await expect(page.locator("[data-live-status]")).toHaveAttribute("data-live-status", "live", { timeout: 15_000 });
  const { cell, number } = await roomTonight(page, "in_house");

  await setOutOfOrder(page, number, "yes");
  await expect(cell).toHaveAttribute("data-state", "in_house");
  await expect(cell).toHaveAttribute("data-to-move", "true");
  await expect(cell.locator(".sr-only")).toHaveText("In house, but the room is out of order: move the guest");
  await expect(page.getByTestId("to-move")).toContainText(`Room ${number}`);
  await expectAccessible(page, "board with a guest to move");

  await setOutOfOrder(page, number, "no");
  await expect(cell).not.toHaveAttribute("data-to-move");
  await expect(page.getByTestId("to-move")).toHaveCount(0);
});

/** The first room in the given state tonight, and its cell for tonight. */
async function roomTonight(page: Page, state: string) {
  const today = await page.locator("thead time").first().getAttribute("datetime");
  const number = await page
    .locator(`td[data-night="${today}"][data-state="${state}"]`)
    .first()
    .getAttribute("data-room");
  expect(number).toBeTruthy();
  return { number: number!, cell: page.locator(`td[data-room="${number}"][data-night="${today}"]`) };
}

async function setOutOfOrder(page: Page, number: string, value: "yes" | "no") {
  await page.getByLabel("Room", { exact: true }).selectOption({ label: number });
  await page.getByLabel("Out of order", { exact: true }).selectOption(value);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("room-change-status")).toHaveText("Saved and synced.", { timeout: 2_000 });
}

test("the board is accessible in every language", async ({ page }) => {
  await signInAsManager(page);
  for (const lng of LANGUAGES) {
    await page.goto(`/board?lng=${lng}`);
    await expect(page.locator("html")).toHaveAttribute("lang", lng);
    if (lng === "ar") await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(page.locator("[data-live-status]")).toHaveAttribute("data-live-status", "live", {
      timeout: 15_000,
    });
    await expectAccessible(page, `board (${lng})`);
    // Reflow at 320 px: the grid scrolls inside its own region, never the page.
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `page width (${lng})`).toBeLessThanOrEqual(
      320,
    );
    await page.setViewportSize({ width: 1280, height: 720 });
    if (lng === "en" || lng === "ar") await screenshots(page, `board-${lng}`);
  }
  await page.goto("/board?lng=en");
});

test("the audit trail shows the day's changes and is accessible", async ({ page }) => {
  await signInAsManager(page);
  for (const lng of ["en", "ar"]) {
    await page.goto(`/audit?lng=${lng}`);
    await expect(page.locator("html")).toHaveAttribute("lang", lng);
    await expect(page.locator("tbody tr").first()).toBeVisible();
    await expectAccessible(page, `audit trail (${lng})`);
  }
  await page.goto("/audit?lng=en");
  // The room changes made by the tests above are on top.
  await expect(page.locator("tbody tr").first()).toContainText("Room state changed");
  await page.setViewportSize({ width: 320, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
});
