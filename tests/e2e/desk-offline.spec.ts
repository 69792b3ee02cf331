// The desk as an installable app that keeps working with no network: the
// manifest and the service worker; then, offline (Chromium's own network
// switch), a reload that still shows the rack, a check-in and a walk-in kept
// in the outbox across closing and reopening the page, both on the server
// exactly once when the network returns; and the walk-in whose room was sold
// online meanwhile, booked again on one of the next free rooms in one click.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";
import { DEMO_PASSWORD, expect, expectAccessible, test } from "./helpers";
import { clerkApi } from "./desk-api";
import { demoTotp, expectLive, signIn } from "./sign-in";

async function signInAtDesk(page: Page): Promise<Page> {
  await signIn(page, "desk@example.com", "/desk");
  await expectLive(page);
  return page;
}

/** The service worker controls the page and keeps the desk page; the shapes are in IndexedDB. */
async function readyForOffline(page: Page) {
  await expect
    .poll(
      () =>
        page.evaluate(async () => {
          const kept = (await caches.has("desk-pages")) && (await (await caches.open("desk-pages")).keys()).length;
          const shapes = await new Promise<number>((resolve) => {
            const open = indexedDB.open("hotel-desk");
            open.onsuccess = () => {
              const count = open.result.transaction("shapes").objectStore("shapes").count();
              count.onsuccess = () => resolve(count.result);
            };
            open.onerror = () => resolve(0);
          });
          return Boolean(navigator.serviceWorker.controller) && Boolean(kept) && shapes >= 2;
        }),
      { timeout: 20_000 },
    )
    .toBe(true);
}

const plusDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The hotel's today, as the rack marks it. */
const hotelToday = async (page: Page) => (await page.locator("thead th.bg-sky-900 time").getAttribute("datetime"))!;

/** Free rooms (not out of order) on `night` as the rack shows them: number and type code, rack order. */
async function freeRooms(page: Page, night: string): Promise<{ number: string; type: string }[]> {
  return page.evaluate((night) => {
    return [...document.querySelectorAll("tbody tr")].flatMap((row) => {
      const header = row.querySelector("th")!;
      const cell = row.querySelector(`td[data-night="${night}"]`) as HTMLElement | null;
      if (cell?.dataset.state !== "free" || /out of order/i.test(header.textContent ?? "")) return [];
      return [{ number: cell.dataset.room!, type: header.dataset.roomType ?? "" }];
    });
  }, night);
}

async function offlineWalkIn(page: Page, roomNumber: string, fullName: string, night?: string) {
  const form = page.getByTestId("offline-walk-in");
  if (night) {
    await form.getByLabel("Arrival", { exact: true }).fill(night);
    await form.getByLabel("Departure", { exact: true }).fill(plusDays(night, 1));
  }
  await form.getByLabel("Room", { exact: true }).selectOption({ label: roomNumber });
  await form.getByLabel("Guest's full name").fill(fullName);
  await form.getByLabel("Issuing country").fill("FR");
  await form.getByLabel("Document number").fill("OFF11NE22");
  await form.getByRole("button", { name: "Book provisionally" }).click();
  await expect(page.getByTestId("desk-queued")).toBeVisible();
}

test("the desk is installable: its manifest, and a service worker that controls /desk", async ({ page, request }) => {
  const manifest = await request.get("/manifest.webmanifest");
  expect(manifest.status()).toBe(200);
  expect(manifest.headers()["content-type"]).toContain("manifest+json");
  const fields = await manifest.json();
  expect(fields).toMatchObject({ start_url: "/desk", display: "standalone", theme_color: expect.any(String) });
  expect(fields.name).toBeTruthy();
  const icons = fields.icons as { src: string; sizes: string; purpose: string }[];
  expect(icons.map((icon) => `${icon.sizes} ${icon.purpose}`)).toEqual(
    expect.arrayContaining(["192x192 any", "512x512 any", "512x512 maskable"]),
  );
  for (const icon of icons) expect((await request.get(icon.src)).headers()["content-type"]).toBe("image/png");

  const desk = await signInAtDesk(page);
  await expect(desk.locator('link[rel="manifest"]')).toHaveAttribute("href", "/manifest.webmanifest");
  await readyForOffline(desk);
  // A fresh load of /desk is controlled by the worker from its first request.
  await desk.reload();
  expect(await desk.evaluate(() => new URL(navigator.serviceWorker.controller!.scriptURL).pathname)).toBe("/sw.js");
  // Signing out drops the kept desk pages: they name guests.
  await readyForOffline(desk);
  await desk.getByRole("button", { name: "Sign out" }).click();
  await expect(desk).toHaveURL(/\/$|\/sign-in/);
  expect(await desk.evaluate(() => caches.has("desk-pages"))).toBe(false);
});

test("offline: the rack after a reload, a check-in and a walk-in kept across reopening, both sent exactly once", async ({
  page: first,
  context,
  baseURL,
}) => {
  const clerk = await clerkApi(baseURL);
  let page = await signInAtDesk(first);
  const today = await hotelToday(page);
  const tomorrow = plusDays(today, 1);
  const suffix = Date.now().toString(36);
  const arrivalName = `Ada Arrival ${suffix}`;
  const walkerName = `Walter Walkin ${suffix}`;
  const arrival = await clerk.arrival(today, tomorrow, arrivalName);
  // The arrival reaches the desk through the shapes; its name through the loader.
  await expect(page.getByTestId("arrivals").getByRole("link", { name: arrivalName })).toBeVisible({ timeout: 15_000 });
  const room = (await freeRooms(page, today)).find((free) => free.number !== arrival.roomNumber)!;
  expect(room, "a free room tonight").toBeTruthy();
  await readyForOffline(page);

  await context.setOffline(true);
  await expect(page.locator("[data-live-status]")).toHaveAttribute("data-live-status", "offline", { timeout: 5_000 });
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Front desk" })).toBeVisible();
  await expect(page.locator("[data-live-status]")).toHaveAttribute("data-live-status", "offline");
  expect(await page.locator("tbody tr").count()).toBeGreaterThan(10);
  await expect(page.getByText("Offline. Check-ins, check-outs")).toBeVisible();

  // A check-in: the stay opens from what the desk holds, and the change waits in the outbox.
  await page.getByTestId("arrivals").getByRole("link", { name: arrivalName }).click();
  await expect(page.getByTestId("stay")).toBeVisible();
  await page.getByTestId("stay").getByRole("button", { name: "Check in" }).click();
  await expect(page.getByTestId("desk-queued")).toBeVisible();
  // A walk-in on a chosen room, provisional.
  await offlineWalkIn(page, room.number, walkerName);
  await expect(page.locator('[data-outbox-state="pending"]')).toHaveCount(2);

  // Closed and opened again, still offline: the outbox is still there.
  await page.close();
  page = await context.newPage();
  await page.goto("/desk");
  await expect(page.getByRole("heading", { level: 1, name: "Front desk" })).toBeVisible();
  await expect(page.locator('[data-outbox-state="pending"]')).toHaveCount(2);

  // The network returns: both go through, in order, and say so; the shapes resume from their kept
  // offsets instead of fetching everything again.
  const shapeRequests: string[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname.startsWith("/shapes/")) shapeRequests.push(request.url());
  });
  await context.setOffline(false);
  await expect(page.locator('[data-outbox-state="sent"]')).toHaveCount(2, { timeout: 30_000 });
  await expectLive(page);
  expect(shapeRequests.length).toBeGreaterThan(0);
  expect(shapeRequests.filter((url) => new URL(url).searchParams.get("offset") === "-1")).toEqual([]);
  const checkedIn = await clerk.booking(arrival.reference);
  expect(checkedIn.booking.reservations[0].status).toBe("checked_in");
  const walkerReference = await page.locator('[data-outbox-intent="walk-in"]').getAttribute("data-reference");
  const walkIn = await clerk.booking(walkerReference!);
  expect(walkIn.booking).toMatchObject({ status: "confirmed" });
  expect(walkIn.booking.reservations[0].roomNumber).toBe(room.number);
  // Exactly once: the server's search finds one booking under the walk-in's name.
  await page.goto(`/desk?q=${encodeURIComponent(walkerName)}`);
  await expect(page.getByTestId("arrivals").getByRole("link", { name: walkerName })).toHaveCount(1);
  await clerk.checkOut(checkedIn.booking.reservations[0].id);
  await clerk.cancel(walkerReference!);
  await clerk.dispose();
});

test("offline: a walk-in whose room was sold online meanwhile is offered the next free rooms, one click to book again", async ({
  page,
  context,
  baseURL,
}) => {
  const clerk = await clerkApi(baseURL);
  await signInAtDesk(page);
  // A night on the rack that the other tests leave alone.
  const night = plusDays(await hotelToday(page), 9);
  const free = await freeRooms(page, night);
  // A room whose type has another free room that night, for the next free rooms.
  const room = free.find((candidate) => free.some((other) => other !== candidate && other.type === candidate.type));
  expect(room, `two free rooms of one type on ${night}`).toBeTruthy();
  const roomId = await page
    .locator(`#walkin-roomId option`, { hasText: new RegExp(`^${room!.number}$`) })
    .getAttribute("value");
  await readyForOffline(page);

  await context.setOffline(true);
  await expect(page.getByTestId("offline-walk-in")).toBeVisible({ timeout: 5_000 });
  const name = `Conflicted Carla ${Date.now().toString(36)}`;
  await offlineWalkIn(page, room!.number, name, night);
  // Meanwhile the room is sold online.
  await clerk.take(roomId!, night, plusDays(night, 1));

  await context.setOffline(false);
  const conflict = page.locator('[data-outbox-state="conflict"]');
  await expect(conflict).toBeVisible({ timeout: 30_000 });
  await expect(conflict).toContainText("not free");
  const rebook = conflict.getByRole("button", { name: /^Book room \S+ instead$/ }).first();
  const other = (await rebook.textContent())!.match(/Book room (\S+) instead/)![1];
  await rebook.click();
  const sent = page.locator('[data-outbox-state="sent"][data-outbox-intent="walk-in"]');
  await expect(sent).toBeVisible({ timeout: 30_000 });
  const booked = await clerk.booking((await sent.getAttribute("data-reference"))!);
  expect(booked.booking.status).toBe("confirmed");
  expect(booked.booking.reservations[0].roomNumber).toBe(other);
  await clerk.dispose();
});

test("offline, the desk and its outbox pass axe-core in English and Arabic", async ({ page, context }) => {
  await signInAtDesk(page);
  for (const lng of ["en", "ar"]) {
    await page.goto(`/desk?lng=${lng}`);
    await expectLive(page);
    await readyForOffline(page);
    await context.setOffline(true);
    await page.reload();
    await expect(page.getByTestId("offline-walk-in")).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("dir", lng === "ar" ? "rtl" : "ltr");
    // A walk-in waiting in the outbox (never sent: the test's browser goes away with it).
    const form = page.getByTestId("offline-walk-in");
    await form.locator('input[name="fullName"]').fill(`Axe Offline ${lng}`);
    await form.locator('input[name="country"]').fill("SA");
    await form.locator('input[name="number"]').fill("AX0000001");
    await form.locator('button[type="submit"]').click();
    await expect(page.getByTestId("desk-queued")).toBeVisible();
    await expectAccessible(page, `the offline desk (${lng})`);
    await context.setOffline(false);
    // Back online, the outbox sends its walk-in and every shape reconnects at once: on a machine
    // busy with the rest of the suite that has taken more than the usual 15 s.
    await expectLive(page, 30_000);
    await page.evaluate(() => indexedDB.deleteDatabase("hotel-desk"));
  }
});

test("a session that ended while offline: the outbox waits, says to sign in again, and sends after sign-in", async ({
  page,
  context,
}) => {
  await signInAtDesk(page);
  const night = plusDays(await hotelToday(page), 11);
  const room = (await freeRooms(page, night))[0];
  await readyForOffline(page);
  await context.setOffline(true);
  await expect(page.getByTestId("offline-walk-in")).toBeVisible({ timeout: 5_000 });
  const name = `Sasha Session ${Date.now().toString(36)}`;
  await offlineWalkIn(page, room.number, name, night);
  // The shift ends on the server: the session is gone when the network returns.
  await context.clearCookies();
  await context.setOffline(false);
  await expect(page.getByText("Your session has ended.")).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('[data-outbox-state="pending"]')).toHaveCount(1);
  await page.getByRole("link", { name: "Sign in", exact: true }).last().click();
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Email").fill("desk@example.com");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByLabel("One-time code (staff)").fill(demoTotp());
  await page.getByRole("button", { name: "Sign in", exact: true }).last().click();
  await expect(page).toHaveURL(/\/desk$/);
  await expect(page.locator('[data-outbox-state="sent"][data-outbox-intent="walk-in"]')).toBeVisible({
    timeout: 20_000,
  });
});

test("after a browser restart with no network, the desk opens with its rack and outbox, and sends when online", async ({
  playwright,
  baseURL,
}, testInfo) => {
  // A browser profile on disk, closed and opened again: what a clerk's machine does overnight.
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "desk-profile-"));
  const launch = { ...testInfo.project.use.launchOptions, baseURL };
  try {
    let browser = await playwright.chromium.launchPersistentContext(profile, launch);
    const page = browser.pages()[0] ?? (await browser.newPage());
    await signInAtDesk(page);
    const night = plusDays(await hotelToday(page), 12);
    const room = (await freeRooms(page, night))[0];
    await readyForOffline(page);
    await browser.setOffline(true);
    await expect(page.getByTestId("offline-walk-in")).toBeVisible({ timeout: 5_000 });
    await offlineWalkIn(page, room.number, `Rosa Restart ${Date.now().toString(36)}`, night);
    await browser.close();

    browser = await playwright.chromium.launchPersistentContext(profile, launch);
    await browser.setOffline(true);
    const again = browser.pages()[0] ?? (await browser.newPage());
    await again.goto("/desk");
    await expect(again.getByRole("heading", { level: 1, name: "Front desk" })).toBeVisible();
    expect(await again.locator("tbody tr").count()).toBeGreaterThan(10);
    await expect(again.locator('[data-outbox-state="pending"]')).toHaveCount(1);
    await browser.setOffline(false);
    await expect(again.locator('[data-outbox-state="sent"]')).toHaveCount(1, { timeout: 30_000 });
    await browser.close();
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
});
