// An admin acts on a guest's erasure request: finds the guest by a booking
// reference, confirms in the dialog, and the guest shows as erased. The page
// is checked with axe-core in English and Arabic.
import { TOTP } from "otpauth";
import { DEMO_PASSWORD, expect, expectAccessible, guestElsewhere, test } from "./helpers";

test("an admin erases a guest's data on request", async ({ page, baseURL }) => {
  // A booking for a guest who will ask to be forgotten, made through the API.
  const guest = await guestElsewhere(baseURL);
  const reference = await guest.book(300, 1, {
    guest: { fullName: "Fiona Forgetme", email: "fiona.forgetme@example.org" },
  });
  await guest.dispose();

  await page.goto("/sign-in?redirectTo=/admin/guests");
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Email").fill("admin@example.com");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  const code = new TOTP({ secret: "JBSWY3DPEHPK3PXP", digits: 6, period: 30, algorithm: "SHA1" }).generate();
  await page.getByLabel("One-time code (staff)").fill(code);
  await page.getByRole("button", { name: "Sign in", exact: true }).last().click();
  await expect(page.getByRole("heading", { level: 1, name: "Guest data requests" })).toBeVisible();

  await page.getByLabel("Email or booking reference").fill(reference);
  await page.getByRole("button", { name: "Find" }).click();
  await expect(page.getByText("Fiona Forgetme")).toBeVisible();
  await expect(page.getByText("fiona.forgetme@example.org")).toBeVisible();
  await expectAccessible(page, "guest search (en)");

  await page.getByRole("button", { name: "Erase…" }).click();
  const dialog = page.getByRole("alertdialog", { name: "Erase guest data" });
  await expect(dialog).toBeVisible();
  await expectAccessible(page, "erase dialog (en)");
  await dialog.getByRole("button", { name: "Yes, erase" }).click();
  await expect(page.getByText("The guest's personal data was erased.")).toBeVisible();

  // The search is posted, so the address never carries it.
  await page.goto("/admin/guests?lng=ar");
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await page.getByLabel("البريد الإلكتروني أو مرجع الحجز").fill(reference);
  await page.getByRole("button", { name: "بحث" }).click();
  await expect(page).not.toHaveURL(new RegExp(reference));
  await expect(page.getByText("نزيل ممحو", { exact: true })).toBeVisible();
  await expect(page.getByText("Fiona Forgetme")).toHaveCount(0);
  await expectAccessible(page, "guest search (ar)");
});
