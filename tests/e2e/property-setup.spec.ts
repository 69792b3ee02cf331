// Property setup (issue 11): a manager raises Saturday prices for a month in
// bulk on /manage-property, the calendar shows them, and a guest's search
// prices a stay over a Saturday so; a manager uploads a room type's photo and
// the guest's search shows it with its alt text, in English and Arabic; the
// page passes axe-core in English and Arabic.
import { request as playwrightRequest } from "@playwright/test";
import sharp from "sharp";
import { expect, expectAccessible, screenshots, test } from "./helpers";
import { signIn } from "./sign-in";

/** A month far enough ahead that no other test books or prices it: YYYY-MM. */
function farMonth(): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 11, 1)).toISOString().slice(0, 7);
}

/** The Saturdays of a month, as YYYY-MM-DD. */
function saturdaysOf(month: string): string[] {
  const days: string[] = [];
  for (let day = new Date(`${month}-01T00:00:00Z`); day.toISOString().startsWith(month);) {
    if (day.getUTCDay() === 6) days.push(day.toISOString().slice(0, 10));
    day = new Date(day.getTime() + 86_400_000);
  }
  return days;
}

test("a manager raises Saturday prices for a month in bulk, and a guest's search shows them", async ({
  page,
  baseURL,
}) => {
  const month = farMonth();
  await signIn(page, "manager@example.com", "/manage-property");
  await page.goto(`/manage-property?month=${month}`);
  await expect(page.getByRole("heading", { level: 1, name: "Property setup" })).toBeVisible();

  const form = page.locator('form[aria-labelledby="bulk-heading"]');
  await expect(form.getByLabel("First day")).toHaveValue(`${month}-01`);
  await form.getByRole("checkbox", { name: "Saturday" }).check();
  await form.getByLabel(/^Price per night/).fill("180");
  await form.getByRole("button", { name: "Apply" }).click();
  const saturdays = saturdaysOf(month);
  const types = await form.locator('input[name="roomTypeIds"]').count();
  await expect(page.getByRole("status")).toContainText(`${saturdays.length * types} days changed`);

  // The calendar shows the new price on each Saturday, and the old one beside it.
  const table = page.locator("table[data-rate-plan]").first();
  const saturday = saturdays[1];
  const cells = table.locator(`td[data-date="${saturday}"]`);
  await expect(cells.first()).toHaveAttribute("data-price", "18000");
  await expect(cells.first()).toContainText("180");
  const friday = new Date(Date.parse(`${saturday}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  await expect(table.locator(`td[data-date="${friday}"]`).first()).not.toHaveAttribute("data-price", "18000");

  // A guest searching Friday to Sunday pays the new price for the Saturday night.
  const guest = await playwrightRequest.newContext({ baseURL });
  const { properties } = (await (await guest.get("/api/v1/properties")).json()) as {
    properties: { id: string }[];
  };
  const sunday = new Date(Date.parse(`${saturday}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const search = await guest.get(
    `/api/v1/availability?propertyId=${properties[0].id}&checkIn=${friday}&checkOut=${sunday}&adults=1`,
  );
  expect(search.status()).toBe(200);
  const { roomTypes } = (await search.json()) as {
    roomTypes: { ratePlans: { isDefault: boolean; nightlyPrices: { date: string; price: number }[] }[] }[];
  };
  for (const type of roomTypes) {
    const plan = type.ratePlans.find((candidate) => candidate.isDefault)!;
    expect(plan.nightlyPrices.find((night) => night.date === saturday)?.price).toBe(18_000);
    expect(plan.nightlyPrices.find((night) => night.date === friday)?.price).not.toBe(18_000);
  }
  await guest.dispose();
});

test("the property setup page passes axe-core in English and Arabic, and says what is wrong with a form", async ({
  page,
}) => {
  await signIn(page, "manager@example.com", "/manage-property");
  for (const lng of ["en", "ar"]) {
    await page.goto(`/manage-property?lng=${lng}`);
    await expect(page.locator("html")).toHaveAttribute("dir", lng === "ar" ? "rtl" : "ltr");
    await expectAccessible(page, `property setup (${lng})`);
    await screenshots(page, `property-setup-${lng}`);
  }
  await page.goto("/manage-property?lng=en");
  const form = page.locator('form[aria-labelledby="bulk-heading"]');
  await form.getByLabel(/^Price per night/).fill("12,345.6");
  await form.getByRole("button", { name: "Apply" }).click();
  const price = form.getByLabel(/^Price per night/);
  await expect(price).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Enter an amount like 180 or 180.50.")).toBeVisible();
  // What was typed is still there.
  await expect(price).toHaveValue("12,345.6");
  await expectAccessible(page, "property setup with a problem");
});

test("a manager uploads a room type's photo, and a guest's search shows it with its alt text", async ({ page }) => {
  const alt = `Double room with a river view ${Date.now()}`;
  const altArabic = `غرفة مزدوجة تطل على النهر ${Date.now()}`;
  const photo = await sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: 30, g: 90, b: 140 } } })
    .png()
    .toBuffer();
  await signIn(page, "manager@example.com", "/manage-property");
  await page.goto("/manage-property?lng=en");
  await page
    .getByRole("navigation", { name: "Property setup" })
    .getByRole("link", { name: "Room types and photos" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Room types" })).toBeVisible();
  const section = page.getByRole("main");
  const form = section.getByRole("form").filter({ hasText: "Add photo" }).first();
  const typeName = (await form.getAttribute("aria-label"))!.replace(/^Add a photo of /, "");
  await form
    .getByLabel("Photo", { exact: true })
    .setInputFiles({ name: "room.png", mimeType: "image/png", buffer: photo });
  await form.getByLabel("What the photo shows (English)").fill(alt);
  await form.getByText("What it shows in other languages").click();
  await form.getByLabel("العربية").fill(altArabic);
  await form.getByRole("button", { name: "Add photo" }).click();
  await expect(page.getByRole("status")).toContainText("The photo was added.");
  await expect(section.getByRole("img", { name: alt })).toBeVisible();
  await expectAccessible(page, "property setup with a photo");

  // A guest (signed out) searching sees it on that room type, served and decoded, described in their language.
  await page.context().clearCookies();
  for (const [lng, text] of [
    ["en", alt],
    ["ar", altArabic],
  ]) {
    await page.goto(`/?lng=${lng}&adults=1&checkIn=${inDays(30)}&checkOut=${inDays(31)}`);
    const image = page.getByRole("img", { name: text });
    await image.scrollIntoViewIfNeeded();
    await expect(image).toBeVisible();
    await expect
      .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBeGreaterThan(0);
    await expect(page.locator("li", { has: image }).getByRole("heading", { level: 3 })).toHaveCount(1);
  }
  await expect(page.locator("li", { has: page.getByRole("img", { name: altArabic }) })).not.toHaveCount(0);
  expect(typeName.length).toBeGreaterThan(0);
});

function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

test("the setup pages pass axe-core in English and Arabic", async ({ page }) => {
  await signIn(page, "manager@example.com", "/manage-property");
  for (const path of ["settings", "room-types", "rooms", "rate-plans"]) {
    for (const lng of ["en", "ar"]) {
      await page.goto(`/manage-property/${path}?lng=${lng}`);
      await expect(page.locator("html")).toHaveAttribute("dir", lng === "ar" ? "rtl" : "ltr");
      await expectAccessible(page, `setup ${path} (${lng})`);
    }
  }
});

test("a manager takes a room out of order, guests are offered one room fewer, and it goes back in service", async ({
  page,
}) => {
  await signIn(page, "manager@example.com", "/manage-property");
  await page.goto("/manage-property/rooms?lng=en");
  const form = page.getByRole("form", { name: /^Take room \d+ out of order$/ }).first();
  const number = (await form.getAttribute("aria-label"))!.match(/\d+/)![0];
  const from = inDays(200);
  const to = inDays(203);
  const heading = await page.getByRole("heading", { name: new RegExp(`^Room ${number} · `) }).textContent();
  const typeName = heading!.split(" · ")[1];
  const before = await availableOf(page, typeName, from, to);
  expect(before).toBeGreaterThan(0);
  // The management board, open beside it, follows the room's windows live.
  const board = await page.context().newPage();
  await board.goto("/board?lng=en");
  await expect(board.locator("[data-live-status]")).toHaveAttribute("data-live-status", "live", { timeout: 15_000 });
  await form.getByLabel("First night").fill(from);
  await form.getByLabel("Back in service on").fill(to);
  await form.getByLabel("Reason").fill("New carpet");
  await form.getByRole("button", { name: "Take out of order" }).click();
  const room = page
    .getByRole("listitem")
    .filter({ has: page.getByRole("heading", { name: new RegExp(`^Room ${number} `) }) });
  await expect(room.getByText(/New carpet/).first()).toBeVisible();
  // Its nights are one room fewer for guests.
  await expect.poll(() => availableOf(page, typeName, from, to)).toBe(before - 1);
  await expect(board.getByTestId("out-of-order")).toContainText(`Room ${number}`);
  await expect(board.getByTestId("out-of-order")).toContainText("New carpet");
  await expectAccessible(page, "rooms with a window out of order");

  // The same nights again: refused, saying so beside the form.
  const again = page.getByRole("form", { name: `Take room ${number} out of order` });
  await again.getByLabel("First night").fill(inDays(201));
  await again.getByLabel("Back in service on").fill(inDays(202));
  await again.getByLabel("Reason").fill("Paint");
  await again.getByRole("button", { name: "Take out of order" }).click();
  await expect(page.getByRole("alert").first()).toBeVisible();

  await room.getByRole("button", { name: /^Back in service/ }).click();
  await expect.poll(() => availableOf(page, typeName, from, to)).toBe(before);
  await expect(board.getByText("New carpet")).toHaveCount(0);
  await expect(
    page
      .getByRole("listitem")
      .filter({ has: page.getByRole("heading", { name: new RegExp(`^Room ${number} `) }) })
      .getByText(/New carpet/),
  ).toHaveCount(0);
});

/** How many rooms of a type (by its English name) a guest's search finds free for [from, to). */
async function availableOf(page: import("@playwright/test").Page, typeName: string, from: string, to: string) {
  const { properties } = (await (await page.request.get("/api/v1/properties")).json()) as {
    properties: { id: string }[];
  };
  const search = await page.request.get(
    `/api/v1/availability?propertyId=${properties[0].id}&checkIn=${from}&checkOut=${to}&adults=1`,
    { headers: { "accept-language": "en" } },
  );
  const { roomTypes } = (await search.json()) as { roomTypes: { name: string; available: number }[] };
  return roomTypes.find((type) => type.name === typeName)!.available;
}

test("a manager adds a derived rate plan and changes the city tax from the setup pages", async ({ page }) => {
  const code = `D${Date.now().toString(36).toUpperCase().slice(-6)}`;
  await signIn(page, "manager@example.com", "/manage-property");
  await page.goto("/manage-property/rate-plans?lng=en");
  const create = page.getByRole("form", { name: "New rate plan" });
  await create.getByLabel("Code").fill(code);
  await create.getByLabel("Name (English)").fill(`Member rate ${code}`);
  await create.getByRole("radio", { name: "Non-refundable" }).check();
  await create.getByRole("combobox", { name: /^Prices/ }).selectOption({ label: "Flexible" });
  await create.getByLabel("Percent on the plan chosen").fill("-10");
  await create.getByRole("button", { name: "Add rate plan" }).click();
  await expect(page.getByRole("status")).toContainText("The rate plan was added.");
  await expect(page.getByRole("heading", { name: new RegExp(`Member rate ${code}`) })).toBeVisible();

  // A guest's search prices it at Flexible less 10 %, night by night.
  const { properties } = (await (await page.request.get("/api/v1/properties")).json()) as {
    properties: { id: string }[];
  };
  const search = await page.request.get(
    `/api/v1/availability?propertyId=${properties[0].id}&checkIn=${inDays(40)}&checkOut=${inDays(42)}&adults=1`,
  );
  const { roomTypes } = (await search.json()) as {
    roomTypes: { ratePlans: { code: string; nightlyPrices: { price: number }[] }[] }[];
  };
  for (const type of roomTypes) {
    const flexible = type.ratePlans.find((plan) => plan.code === "FLEX")!;
    const member = type.ratePlans.find((plan) => plan.code === code)!;
    expect(member.nightlyPrices.map((night) => night.price)).toEqual(
      flexible.nightlyPrices.map((night) => Math.round(night.price * 0.9)),
    );
  }

  // A wrong amount is said beside the field, and what was typed stays; then a right one is saved.
  await page.goto("/manage-property/settings?lng=en");
  const settings = page.getByRole("form", { name: "Property settings" });
  await settings.getByLabel("City tax per adult and night (EUR)").fill("four");
  await settings.getByRole("button", { name: "Save" }).click();
  await expect(settings.getByLabel("City tax per adult and night (EUR)")).toHaveAttribute("aria-invalid", "true");
  await expect(settings.getByLabel("City tax per adult and night (EUR)")).toHaveValue("four");
  await settings.getByLabel("City tax per adult and night (EUR)").fill("4.50");
  await settings.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toContainText("Saved.");
  await expect(settings.getByLabel("City tax per adult and night (EUR)")).toHaveValue("4.50");
  await settings.getByLabel("City tax per adult and night (EUR)").fill("4");
  await settings.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toContainText("Saved.");
});
