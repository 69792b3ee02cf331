// The front desk's stays end to end (issue 10): a hold that runs out (the
// demo hotel's hold duration set to one minute by its manager through the
// API, then set back) and the late confirm refused with the translated
// message while the room is free again on the rack; two clerks in two
// browsers racing for one room; a stay checked in, moved, given a later
// departure and checked out on the desk; a manager's night audit. The rack
// is paged to nights the other desk tests leave alone.
import fs from "node:fs";
import { request, type Browser, type BrowserContext, type Cookie, type Page } from "@playwright/test";
import { TOTP } from "otpauth";
import { DEMO_PASSWORD, expect, expectAccessible, test } from "./helpers";

const totp = new TOTP({ secret: "JBSWY3DPEHPK3PXP", digits: 6, period: 30, algorithm: "SHA1" });
const french = JSON.parse(fs.readFileSync("public/locales/fr/common.json", "utf8"));
const arabic = JSON.parse(fs.readFileSync("public/locales/ar/common.json", "utf8"));

/** Each account's session, signed in once through the form and shared by the tests. */
const sessions = new Map<string, Cookie[]>();

async function signIn(context: BrowserContext, email: string): Promise<Page> {
  const page = await context.newPage();
  const saved = sessions.get(email);
  if (saved) {
    await context.addCookies(saved);
  } else {
    await page.goto("/sign-in?redirectTo=/desk");
    await page.waitForLoadState("networkidle");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByLabel("One-time code (staff)").fill(totp.generate());
    await page.getByRole("button", { name: "Sign in", exact: true }).last().click();
    await expect(page).toHaveURL(/^[^?]*\/desk/);
    sessions.set(email, await context.cookies());
  }
  return page;
}

/** The desk with the rack starting at `from` (or its default), live. */
async function openDesk(page: Page, query = "") {
  await page.goto(`/desk${query}`);
  await expect(page.locator("h1")).toHaveText(query.includes("lng=ar") ? arabic.titles.desk : "Front desk");
  await expect(page.locator("[data-live-status]")).toHaveAttribute("data-live-status", "live", { timeout: 15_000 });
}

const plusDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Today at the hotel: the rack's default first night is two days before it. */
async function hotelToday(page: Page): Promise<string> {
  await openDesk(page);
  const first = await page.locator("thead th time").first().getAttribute("datetime");
  return plusDays(first!, 2);
}

/**
 * A room free on every one of `nights` on the rack as drawn, ready for a
 * guest (clean or inspected) when `ready`; with `another`, of a type with a
 * second such room; never one of `except`.
 */
async function freeRoom(
  page: Page,
  nights: string[],
  options: { ready?: boolean; another?: boolean; except?: string[] } = {},
): Promise<string> {
  const number = await page.evaluate(
    ({ nights, ready, another, except }) => {
      const free = [...document.querySelectorAll("tbody tr")].flatMap((row) => {
        const header = row.querySelector("th")!;
        if (/out of order/i.test(header.textContent ?? "")) return [];
        const cells = nights.map((night) => row.querySelector(`td[data-night="${night}"]`) as HTMLElement | null);
        if (cells.some((cell) => cell?.dataset.state !== "free")) return [];
        const number = cells[0]!.dataset.room!;
        if (except.includes(number)) return [];
        if (ready && !/clean|inspected/.test(header.dataset.housekeeping ?? "")) return [];
        return [{ number, type: header.querySelector("span")?.textContent ?? "" }];
      });
      const pick = free.find((room) => !another || free.some((other) => other !== room && other.type === room.type));
      return pick?.number ?? null;
    },
    { nights, ready: options.ready ?? false, another: options.another ?? false, except: options.except ?? [] },
  );
  expect(number, `a free room on ${nights.join(", ")}`).toBeTruthy();
  return number!;
}

async function holdRoom(page: Page, number: string, night: string) {
  await page.getByLabel("Arrival", { exact: true }).fill(night);
  await page.getByLabel("Departure", { exact: true }).fill(plusDays(night, 1));
  await page.getByLabel("Room", { exact: true }).selectOption({ label: number });
}

const cell = (page: Page, number: string, night: string) =>
  page.locator(`td[data-room="${number}"][data-night="${night}"]`);

/** The demo manager on the JSON API: the demo hotel's id, and its hold duration set. */
async function managerApi(baseURL: string | undefined) {
  const api = await request.newContext({ baseURL });
  const session = await api.post("/api/v1/sessions", {
    data: { email: "manager@example.com", password: DEMO_PASSWORD, totp: totp.generate() },
  });
  expect(session.status(), await session.text()).toBe(201);
  const headers = { authorization: `Bearer ${(await session.json()).token}` };
  const { properties } = await (await api.get("/api/v1/properties")).json();
  const propertyId = properties[0].id as string;
  return {
    async holdMinutes(minutes: number) {
      const set = await api.patch(`/api/v1/properties/${propertyId}`, { headers, data: { holdMinutes: minutes } });
      expect(set.status(), await set.text()).toBe(200);
    },
    dispose: () => api.dispose(),
  };
}

test("a hold runs out: the room is free again on the rack, and a late confirm is refused in the clerk's language", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const manager = await managerApi(baseURL);
  await manager.holdMinutes(1);
  try {
    const clerk = await signIn(page.context(), "desk@example.com");
    const today = await hotelToday(clerk);
    // Three weeks ahead, on a page of the rack of its own.
    const night = plusDays(today, 20);
    await openDesk(clerk, `?from=${plusDays(today, 18)}`);
    await expect(clerk.getByTestId("hold-minutes")).toHaveText("Hold duration: 1 min.");
    const number = await freeRoom(clerk, [night]);
    await holdRoom(clerk, number, night);
    await clerk.getByRole("button", { name: "Hold a room" }).click();
    await expect(clerk).toHaveURL(/hold=/);
    const reference = new URL(clerk.url()).searchParams.get("hold")!;
    const hold = clerk.getByTestId("hold");
    await expect(hold.getByTestId("hold-countdown")).toContainText(/^[01]:\d\d left/);
    await expect(cell(clerk, number, night)).toHaveAttribute("data-state", "held");

    // A second screen drawn while the hold was live, as a browser without JavaScript keeps it, in French.
    const stale = await staleScreen(browser, `/desk?hold=${reference}&from=${plusDays(today, 18)}&lng=fr`);
    const confirm = stale.locator("form").filter({ has: stale.locator('input[name="intent"][value="confirm"]') });
    await confirm.locator('input[name="fullName"]').fill("Late Walk-In");
    await confirm.locator('select[name="documentType"]').selectOption("passport");
    await confirm.locator('input[name="country"]').fill("PT");
    await confirm.locator('input[name="number"]').fill("P9999999");

    // The minute runs out on the live screen: the hold shows as expired and the room is free again at once.
    await expect(hold).toContainText("Expired", { timeout: 75_000 });
    await expect(hold.getByTestId("hold-countdown")).toHaveCount(0);
    await expect(cell(clerk, number, night)).toHaveAttribute("data-state", "free", { timeout: 5_000 });

    // The late confirm from the stale screen: refused, in French, and nothing is booked.
    await confirm.getByRole("button", { name: french.desk.confirm }).click();
    await expect(stale.getByTestId("hold-answer")).toContainText(french.bookingErrors.hold_expired);
    await expect(cell(clerk, number, night)).toHaveAttribute("data-state", "free");
    await stale.context().close();
  } finally {
    await manager.holdMinutes(10);
    await manager.dispose();
  }
});

async function staleScreen(browser: Browser, path: string): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: false });
  await context.addCookies(sessions.get("desk@example.com")!);
  const page = await context.newPage();
  await page.goto(path);
  return page;
}

test("two clerks in two browsers reach for one room at once: one holds it, the other is offered the next free rooms", async ({
  page,
  browser,
}) => {
  const first = await signIn(page.context(), "desk@example.com");
  const today = await hotelToday(first);
  const night = plusDays(today, 24);
  const from = `?from=${plusDays(today, 18)}`;
  await openDesk(first, from);
  const number = await freeRoom(first, [night], { another: true });

  const otherContext = await browser.newContext();
  const second = await signIn(otherContext, "manager@example.com");
  await openDesk(second, from);

  await holdRoom(first, number, night);
  await holdRoom(second, number, night);
  await Promise.all([
    first.getByRole("button", { name: "Hold a room" }).click(),
    second.getByRole("button", { name: "Hold a room" }).click(),
  ]);
  const outcome = async (screen: Page) => {
    await expect(screen.getByTestId("hold").or(screen.getByTestId("hold-problem"))).toBeVisible();
    return (await screen.getByTestId("hold").count()) > 0 ? "held" : "refused";
  };
  const outcomes = [await outcome(first), await outcome(second)];
  expect(outcomes.sort()).toEqual(["held", "refused"]);
  const [winner, loser] = (await first.getByTestId("hold").count()) > 0 ? [first, second] : [second, first];
  await expect(winner.getByTestId("hold")).toContainText(`Room ${number}`);

  const problem = loser.getByTestId("hold-problem");
  await expect(problem).toContainText("That room is not free for these dates.");
  const offer = problem.getByRole("button", { name: /^Hold room / }).first();
  const offered = (await offer.textContent())!.replace("Hold room ", "").trim();
  expect(offered).not.toBe(number);
  await offer.click();
  await expect(loser.getByTestId("hold")).toContainText(`Room ${offered}`);
  for (const screen of [winner, loser]) {
    await expect(cell(screen, number, night)).toHaveAttribute("data-state", "held");
    await expect(cell(screen, offered, night)).toHaveAttribute("data-state", "held");
  }

  // Both released: the rooms are free again at once, on both screens.
  for (const screen of [winner, loser]) {
    await screen.getByTestId("hold").getByRole("button", { name: "Release the room" }).click();
    await expect(screen.getByTestId("hold")).toContainText("Cancelled");
  }
  for (const screen of [winner, loser]) {
    await expect(cell(screen, number, night)).toHaveAttribute("data-state", "free");
    await expect(cell(screen, offered, night)).toHaveAttribute("data-state", "free");
  }
  await otherContext.close();
});

test("a stay on the desk: checked in, moved to another room, a later departure, checked out", async ({ page }) => {
  const clerk = await signIn(page.context(), "desk@example.com");
  const today = await hotelToday(clerk);
  const tomorrow = plusDays(today, 1);
  const dayAfter = plusDays(today, 2);
  await openDesk(clerk);
  // A ready room for tonight, and a second one free tonight, tomorrow and the night after to move into.
  const number = await freeRoom(clerk, [today], { ready: true });
  const target = await freeRoom(clerk, [today, tomorrow, dayAfter], { except: [number] });

  await holdRoom(clerk, number, today);
  await clerk.getByRole("button", { name: "Hold a room" }).click();
  const hold = clerk.getByTestId("hold");
  await hold.getByLabel("Guest's full name").fill("Rui Stays-Longer");
  await hold.getByLabel("Identity document").selectOption("national_id");
  await hold.getByLabel("Issuing country").fill("PT");
  await hold.getByLabel("Document number").fill("N7654321");
  await hold.getByRole("button", { name: "Confirm the booking" }).click();
  const stay = clerk.getByTestId("stay");
  await expect(stay.getByRole("heading", { name: /Rui Stays-Longer/ })).toBeVisible();

  await stay.getByRole("button", { name: "Check in" }).click();
  await expect(clerk.getByTestId("desk-saved")).toHaveText("Saved and synced.");
  await expect(stay.getByTestId("stay-status")).toHaveText("In house");
  await expect(cell(clerk, number, today)).toHaveAttribute("data-state", "checked_in");

  await stay.getByLabel("Move to room").selectOption({ label: target });
  await stay.getByRole("button", { name: "Move", exact: true }).click();
  await expect(clerk.getByTestId("desk-saved")).toHaveText("Saved and synced.");
  await expect(stay).toContainText(`${target} ·`);
  await expect(cell(clerk, target, today)).toHaveAttribute("data-state", "checked_in");
  await expect(cell(clerk, number, today)).toHaveAttribute("data-state", "free");

  // Two more nights in the new room: the rack shows the stay to its new departure.
  await stay.getByLabel("New departure").fill(plusDays(today, 3));
  await stay.getByRole("button", { name: "Change the departure" }).click();
  await expect(clerk.getByTestId("desk-saved")).toHaveText("Saved and synced.");
  await expect(cell(clerk, target, today)).toHaveAttribute("colspan", "3");
  await expect(stay.getByLabel("New departure")).toHaveValue(plusDays(today, 3));

  await stay.getByRole("button", { name: "Check out" }).click();
  await expect(stay.getByTestId("stay-status")).toHaveText("Checked out");
  await expect(stay.getByTestId("stay-housekeeping")).toHaveText("Dirty");
  await expect(cell(clerk, target, tomorrow)).toHaveAttribute("data-state", "free");
});

test("the rack pages a week at a time; a manager runs the night audit after a confirmation", async ({ page }) => {
  const manager = await signIn(page.context(), "manager@example.com");
  const today = await hotelToday(manager);
  const rackStart = () => manager.locator("thead th time").first().getAttribute("datetime");
  await manager.getByRole("navigation", { name: "Rack nights" }).getByRole("link", { name: "Later" }).click();
  await expect(manager).toHaveURL(new RegExp(`from=${plusDays(today, 5)}`));
  await expect.poll(rackStart).toBe(plusDays(today, 5));
  // Each page is awaited before the next click: a click on a link whose page is still on its way reads the old href.
  await manager.getByRole("navigation", { name: "Rack nights" }).getByRole("link", { name: "Earlier" }).click();
  await expect.poll(rackStart).toBe(plusDays(today, -2));
  await manager.getByRole("navigation", { name: "Rack nights" }).getByRole("link", { name: "Earlier" }).click();
  await expect(manager).toHaveURL(new RegExp(`from=${plusDays(today, -9)}`));
  await expect.poll(rackStart).toBe(plusDays(today, -9));
  await manager.getByRole("navigation", { name: "Rack nights" }).getByRole("link", { name: "Today" }).click();
  await expect.poll(rackStart).toBe(plusDays(today, -2));
  await expect(manager.locator("thead th.bg-sky-900 time")).toHaveAttribute("datetime", today);

  // The manager's part of the desk, asking before the night audit, passes axe in English and Arabic.
  await openDesk(manager, "?lng=ar&nightAudit=confirm");
  await expect(manager.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(manager.getByTestId("night-audit-confirm")).toBeVisible();
  await expectAccessible(manager, "desk as a manager, night audit asked (ar)");
  await openDesk(manager, "?lng=en");
  await manager.getByRole("link", { name: "Run the night audit…" }).click();
  await expect(manager.getByTestId("night-audit-confirm")).toContainText("This cannot be undone.");
  await expectAccessible(manager, "desk as a manager, night audit asked (en)");
  await manager.getByRole("button", { name: "Mark the no-shows" }).click();
  await expect(manager.getByTestId("night-audit-done")).toContainText(/Marked as no-show: \d+\./);
  await expect(manager.getByTestId("night-audit-confirm")).toHaveCount(0);
});
