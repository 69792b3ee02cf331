// Property setup (issue 11): a manager raises Saturday prices for a month in
// bulk on /manage-property, the calendar shows them, and a guest's search
// prices a stay over a Saturday so; the page passes axe-core in English and
// Arabic.
import { request as playwrightRequest } from "@playwright/test";
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

  const form = page.locator("form[method=post]");
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
  const form = page.locator("form[method=post]");
  await form.getByLabel(/^Price per night/).fill("12,345.6");
  await form.getByRole("button", { name: "Apply" }).click();
  const price = form.getByLabel(/^Price per night/);
  await expect(price).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Enter an amount like 180 or 180.50.")).toBeVisible();
  // What was typed is still there.
  await expect(price).toHaveValue("12,345.6");
  await expectAccessible(page, "property setup with a problem");
});
