// Migrations on a database that already holds data: account identities
// stored in plain text before migration 004 end up sealed, and still sign in.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe, expect, it, inject } from "vitest";
import { openIdentity } from "~/auth/identity.server";
import { hashPassword } from "~/auth/password.server";
import { emailIndex } from "~/crypto/envelope.server";
import { ensureDatabase, migrate } from "../../db/migrate";
import { setUpDatabase } from "../../launcher/setup";

describe("migration 004 on existing accounts", () => {
  it("seals every plain-text identity right after migrating", async () => {
    const url = await ensureDatabase(inject("adminUrl"), `m_${randomBytes(5).toString("hex")}`);
    await migrate(url, { count: 3 });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(
      `INSERT INTO accounts (id, email, password_hash, role, display_name) VALUES ('old-1', 'Old.Timer@example.test', $1, 'guest', 'Old Timer')`,
      [await hashPassword("a long enough old password")],
    );
    const logs: string[] = [];
    await setUpDatabase({ databaseUrl: url, dataDir: "/nonexistent", seed: "no", log: (line) => logs.push(line) });
    const { rows } = await client.query(
      `SELECT id, legacy_email, legacy_display_name, email_index, pii_enc,
              (SELECT wrapped FROM data_keys WHERE subject = 'account:old-1') AS data_key_enc
         FROM accounts WHERE id = 'old-1'`,
    );
    await client.end();
    expect(logs).toContain("sealed the identity of 1 existing accounts");
    expect(rows[0]).toMatchObject({
      legacy_email: null,
      legacy_display_name: null,
      email_index: emailIndex("old.timer@example.test"),
    });
    expect(openIdentity("old-1", rows[0])).toEqual({ email: "Old.Timer@example.test", displayName: "Old Timer" });
  });
});
