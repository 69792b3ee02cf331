// The operator's command line: staff accounts are created from it too.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { emailIndex } from "~/crypto/envelope.server";
import { getPool } from "../../db/pool.server";
import { createProperty } from "../helpers";

const run = promisify(execFile);

function cli(args: string[]) {
  return run(process.execPath, ["--import", "tsx", "cli.ts", ...args], {
    env: process.env,
  }).then(
    (out) => ({ code: 0, ...out }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

describe("npm run hotel -- staff:create", () => {
  it("creates a staff member scoped to a property and prints a one-time password", async () => {
    const hotel = await createProperty({ DBL: { rooms: 1 } });
    const { rows } = await getPool().query(`SELECT slug FROM properties WHERE id = $1`, [hotel.propertyId]);
    const email = `cli-${Date.now()}@example.test`;
    const made = await cli([
      "staff:create",
      "--email",
      email,
      "--name",
      "Cli Clerk",
      "--role",
      "manager",
      "--property",
      rows[0].slug,
    ]);
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(/one-time password: [\w-]{20,}/);
    const { rows: accounts } = await getPool().query(
      `SELECT a.role, a.totp_enrolled_at, a.password_must_change, ap.property_id FROM accounts a JOIN account_properties ap ON ap.account_id = a.id
        WHERE a.email_index = $1`,
      [emailIndex(email)],
    );
    // The printed password is temporary: it must be replaced at first sign-in.
    expect(accounts).toEqual([
      { role: "manager", totp_enrolled_at: null, password_must_change: true, property_id: hotel.propertyId },
    ]);

    const again = await cli(["staff:create", "--email", email, "--role", "manager", "--property", rows[0].slug]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/email taken/);
    const badProperty = await cli([
      "staff:create",
      "--email",
      `x${email}`,
      "--role",
      "manager",
      "--property",
      "nowhere",
    ]);
    expect(badProperty.code).toBe(2);
  });
});
