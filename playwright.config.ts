// End-to-end tests in Chromium against the whole system, started the way
// `npm start` starts it: embedded PostgreSQL in a fresh data folder, demo
// seeded. Debian's chromium is used where it is installed (these machines
// cannot download Playwright's own browser); elsewhere Playwright's.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3217);
// A fresh data folder for each run, made by the runner (its workers inherit
// the variable and leave the folder alone); the same path every time, so
// runs do not pile up clusters.
if (!process.env.E2E_DATA_DIR) {
  process.env.E2E_DATA_DIR = path.join(os.tmpdir(), `hotel-e2e-${process.getuid?.() ?? "user"}`);
  fs.rmSync(process.env.E2E_DATA_DIR, { recursive: true, force: true });
  fs.mkdirSync(process.env.E2E_DATA_DIR, { recursive: true, mode: 0o755 });
}
const debianChromium = "/usr/bin/chromium";

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results/e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: fs.existsSync(debianChromium) ? debianChromium : undefined,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: "node --import tsx server.ts",
    url: `http://127.0.0.1:${PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "ignore",
    stderr: "pipe",
    env: { PORT: String(PORT), HOST: "127.0.0.1", HOTEL_DATA_DIR: process.env.E2E_DATA_DIR, NODE_ENV: "development" },
  },
});
