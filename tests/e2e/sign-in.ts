// Signing in through the page as a person does, for the demo accounts (staff
// with the demo's TOTP code, which may be reused), landing on `then`.
import type { Page } from "@playwright/test";
import { TOTP } from "otpauth";
import { DEMO_PASSWORD, expect } from "./helpers";

const totp = new TOTP({ secret: "JBSWY3DPEHPK3PXP", digits: 6, period: 30, algorithm: "SHA1" });

export const demoTotp = () => totp.generate();

export async function signIn(page: Page, email: string, then: string): Promise<void> {
  await page.goto(`/sign-in?${new URLSearchParams({ lng: "en", redirectTo: then })}`);
  // Like a person, type once the page has finished loading (and hydrating).
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  if (email !== "guest@example.com") await page.getByLabel("One-time code (staff)").fill(totp.generate());
  await page.getByRole("button", { name: "Sign in", exact: true }).last().click();
  await expect(page).toHaveURL(new RegExp(`^[^?]*${then}$`));
}

/** The page's live status says "live". */
export const expectLive = (page: Page, timeout = 15_000) =>
  expect(page.locator("[data-live-status]")).toHaveAttribute("data-live-status", "live", { timeout });
