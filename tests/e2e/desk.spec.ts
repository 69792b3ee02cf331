// The front desk: a clerk signs in and lands on the desk, takes a walk-in
// from hold to confirmation, checks the guest in and out, loses a race for
// a room to another screen and is offered the next free rooms; axe-core in
// English and Arabic.
import type { Cookie, Page } from "@playwright/test";
import { TOTP } from "otpauth";
import { clerkApi } from "./desk-api";
import { DEMO_PASSWORD, expect, expectAccessible, test } from "./helpers";

const totp = new TOTP({ secret: "JBSWY3DPEHPK3PXP", digits: 6, period: 30, algorithm: "SHA1" });
/** The clerk's session, signed in once and shared by the tests. */
let clerkCookies: Cookie[] | undefined;

async function signInAsClerk(page: Page, path = "/desk") {
  if (clerkCookies) {
    await page.context().addCookies(clerkCookies);
    await page.goto(path);
  } else {
    // No redirectTo: the front desk lands on the desk by itself.
    await page.goto("/sign-in");
    await page.waitForLoadState("networkidle");
    await page.getByLabel("Email").fill("desk@example.com");
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByLabel("One-time code (staff)").fill(totp.generate());
    await page.getByRole("button", { name: "Sign in", exact: true }).last().click();
    await expect(page).toHaveURL(/^[^?]*\/desk$/);
    clerkCookies = await page.context().cookies();
    if (path !== "/desk") await page.goto(path);
  }
  await expect(page.getByRole("heading", { level: 1, name: "Front desk" })).toBeVisible();
  await expect(page.locator("[data-live-status]")).toHaveAttribute("data-live-status", "live", { timeout: 15_000 });
}

/**
 * A room free on the night `days` from today (a walk-in's one night), ready
 * for a guest (clean or inspected) - and, with `another`, of a type with
 * another room free that night: its number, and that night.
 */
async function freeRoom(page: Page, days = 0, another = false): Promise<{ number: string; night: string }> {
  const today = (await page.locator("thead th.bg-sky-900 time").getAttribute("datetime"))!;
  const night = new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  const number = await page.evaluate(
    ({ night, another }) => {
      const free = [...document.querySelectorAll("tbody tr")].flatMap((row) => {
        const header = row.querySelector("th")!;
        const cell = row.querySelector(`td[data-night="${night}"]`) as HTMLElement | null;
        if (cell?.dataset.state !== "free" || /out of order/i.test(header.textContent ?? "")) return [];
        const type = header.querySelector("span")?.textContent ?? "";
        const ready = /clean|inspected/.test(header.dataset.housekeeping ?? "");
        return [{ number: cell.dataset.room!, type, ready }];
      });
      const pick = free.find(
        (room) => room.ready && (!another || free.some((other) => other !== room && other.type === room.type)),
      );
      return pick?.number ?? null;
    },
    { night, another },
  );
  expect(number, `a free, clean room on ${night}`).toBeTruthy();
  return { number: number!, night };
}

async function holdRoom(page: Page, number: string, night?: string) {
  if (night) {
    await page.getByLabel("Arrival", { exact: true }).fill(night);
    const next = new Date(Date.parse(`${night}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel("Departure", { exact: true }).fill(next);
  }
  await page.getByLabel("Room", { exact: true }).selectOption({ label: number });
  await page.getByRole("button", { name: "Hold a room" }).click();
}

test("a walk-in from hold to confirmation, then check-in and check-out", async ({ page }) => {
  await signInAsClerk(page);
  const { number, night: today } = await freeRoom(page);

  // The keyboard shortcut shown on screen brings the walk-in form.
  await page.locator("body").press("n");
  await expect(page.getByLabel("Arrival", { exact: true })).toBeFocused();

  // The room picked on the rack, with the keyboard: the walk-in form starts with it.
  await page.getByRole("link", { name: `${number} (walk-in in this room)`, exact: true }).press("Enter");
  await expect(page.getByLabel("Room", { exact: true })).toBeFocused();
  await expect(page.getByLabel("Room", { exact: true })).toHaveValue(/.+/);
  await page.getByRole("button", { name: "Hold a room" }).click();
  await expect(page).toHaveURL(/hold=/);
  const hold = page.getByTestId("hold");
  await expect(hold).toContainText(`Room ${number}`);
  await expect(hold.getByRole("heading", { level: 2 })).toBeFocused();
  await expect(hold.getByTestId("hold-countdown")).toContainText(/\d+:\d\d left/);
  await expect(page.locator(`td[data-room="${number}"][data-night="${today}"]`)).toHaveAttribute("data-state", "held", {
    timeout: 2_000,
  });
  await expectAccessible(page, "desk with a hold");

  await hold.getByLabel("Guest's full name").fill("Ana Walk-In");
  await hold.getByLabel("Identity document").selectOption("passport");
  await hold.getByLabel("Issuing country").fill("PT");
  await hold.getByLabel("Document number").fill("P1234567");
  await hold.getByRole("button", { name: "Confirm the booking" }).click();

  await expect(page.getByText(/Booking [A-Z0-9]{4}-[A-Z0-9]{4} is confirmed\./)).toBeVisible();
  const stay = page.getByTestId("stay");
  await expect(stay.getByRole("heading", { name: /Ana Walk-In/ })).toBeVisible();
  await expect(stay.getByTestId("stay-status")).toHaveText("Confirmed");
  // The name is on the rack (fetched through the page's loader, never a shape).
  await expect(page.locator(`td[data-room="${number}"][data-night="${today}"]`)).toContainText("Ana Walk-In");

  await stay.getByRole("button", { name: "Check in" }).click();
  await expect(page.getByTestId("desk-saved")).toHaveText("Saved and synced.");
  await expect(stay.getByTestId("stay-status")).toHaveText("In house");
  await expect(page.getByTestId("in-house")).toContainText("Ana Walk-In");
  // Today's lists, searched by name on the server (the "/" shortcut goes to the search).
  await page.locator("body").press("/");
  await expect(page.getByLabel("Booking reference or guest name")).toBeFocused();
  await page.keyboard.type("ana walk");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/q=ana\+walk/);
  await expect(page.getByTestId("in-house").getByRole("listitem")).toHaveCount(1);

  await stay.getByRole("button", { name: "Check out" }).click();
  await expect(stay.getByTestId("stay-status")).toHaveText("Checked out");
  await expect(stay.getByTestId("stay-housekeeping")).toHaveText("Dirty");

  // Housekeeping from the same panel, with the keyboard.
  await stay.getByLabel(`Housekeeping of room ${number}`).selectOption("clean");
  await stay.getByRole("button", { name: "Set housekeeping" }).press("Enter");
  await expect(page.getByTestId("desk-saved")).toHaveText("Saved and synced.");
  await expect(stay.getByTestId("stay-housekeeping")).toHaveText("Clean");
});

test("an arrival: the stay opens from today's list, identity recorded, room made ready, checked in", async ({
  page,
  baseURL,
}) => {
  await signInAsClerk(page);
  // An arrival of its own, booked without the identity check (as an online booking is).
  const today = (await page.locator("thead th.bg-sky-900 time").getAttribute("datetime"))!;
  const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const clerk = await clerkApi(baseURL);
  const name = `Ines Identity ${Date.now().toString(36)}`;
  await clerk.arrival(today, tomorrow, name, { identity: false });
  await clerk.dispose();
  const arrival = page.getByTestId("arrivals").getByRole("link", { name });
  await expect(arrival).toBeVisible({ timeout: 15_000 });
  await arrival.click();
  const stay = page.getByTestId("stay");
  await expect(stay.getByTestId("stay-status")).toHaveText("Confirmed");

  // The room made ready first; without the identity check, check-in is still refused with the rule's message.
  await stay.getByLabel(/^Housekeeping of room/).selectOption("inspected");
  await stay.getByRole("button", { name: "Set housekeeping" }).click();
  await expect(page.getByTestId("desk-saved")).toHaveText("Saved and synced.");
  await stay.getByRole("button", { name: "Check in" }).click();
  await expect(page.getByTestId("desk-answer")).toContainText("Record the guest's identity check before check-in.");

  await stay.getByLabel("Identity document").selectOption("national_id");
  await stay.getByLabel("Issuing country").fill("ES");
  await stay.getByLabel("Document number").fill("X1234567");
  await stay.getByRole("button", { name: "Record the identity check" }).click();
  await expect(page.getByTestId("desk-saved")).toHaveText("Saved.");
  await expect(stay).toContainText("Recorded");

  await stay.getByRole("button", { name: "Check in" }).click();
  await expect(stay.getByTestId("stay-status")).toHaveText("In house");
});

test("two screens reach for one room: the second is told and offered the next free rooms", async ({ page }) => {
  await signInAsClerk(page);
  // Ten days ahead, where a room type has more than one room free.
  const { number, night } = await freeRoom(page, 10, true);
  const other = await page.context().newPage();
  await other.goto("/desk");
  await expect(other.locator("[data-live-status]")).toHaveAttribute("data-live-status", "live", { timeout: 15_000 });

  await holdRoom(page, number, night);
  await expect(page).toHaveURL(/hold=/);

  await holdRoom(other, number, night);
  const problem = other.getByTestId("hold-problem");
  await expect(problem).toContainText("That room is not free for these dates.");
  const offer = problem.getByRole("button", { name: /^Hold room / }).first();
  await expect(offer).toBeVisible();
  await offer.click();
  await expect(other).toHaveURL(/hold=/);

  // Both holds are released: the rooms are free again at once.
  for (const screen of [page, other]) {
    await screen.getByTestId("hold").getByRole("button", { name: "Release the room" }).click();
    await expect(screen.getByTestId("hold")).toContainText("Cancelled");
  }
  await other.close();
});

test("the desk is accessible in English and Arabic, and opens a stay with Enter", async ({ page }) => {
  await signInAsClerk(page);
  for (const lng of ["en", "ar"]) {
    await page.goto(`/desk?lng=${lng}`);
    await expect(page.locator("html")).toHaveAttribute("lang", lng);
    if (lng === "ar") await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(page.locator("[data-live-status]")).toHaveAttribute("data-live-status", "live", {
      timeout: 15_000,
    });
    await expectAccessible(page, `desk (${lng})`);
  }
  await page.goto("/desk?lng=en");
  await expect(page.locator("[data-live-status]")).toHaveAttribute("data-live-status", "live", { timeout: 15_000 });
  const stayLink = page.locator("td[data-reservation] a").first();
  await stayLink.focus();
  await stayLink.press("Enter");
  await expect(page).toHaveURL(/stay=/);
  await expect(page.getByTestId("stay")).toBeVisible();
  // Focus goes to the stay that opened.
  await expect(page.getByTestId("stay").getByRole("heading", { level: 2 })).toBeFocused();
  await expectAccessible(page, "desk with a stay open");
  await page.locator("body").press("Escape");
  await expect(page.getByTestId("stay")).toHaveCount(0);
});
