// The command line for the people who run a hotel's system:
//   npm run hotel -- migrate                  apply the migrations
//   npm run hotel -- seed                     load the demo hotel (demo data only)
//   npm run hotel -- staff:create --email E --name N --role front_desk|manager|auditor|admin --property SLUG [--property …]
//   npm run hotel -- keys:rotate              a new key-encryption key, every data key re-wrapped, expired KEKs destroyed
//   npm run hotel -- keys:rotate-master [--new-key-file F]   re-seal the key store under a new master key
//                                             (or HOTEL_NEW_MASTER_KEY; in development a new key is generated)
// Against DATABASE_URL, or the embedded cluster in the data folder.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { createStaff } from "./app/auth/staff.server";
import type { Role } from "./app/auth/session.server";
import { clearKeyCache, kekById, kekIds, purposeKey, resealKeyStore, setUpKeys } from "./app/crypto/keys.server";
import {
  devMasterKeyFile,
  generateMasterKey,
  masterKeyFingerprint,
  parseMasterKey,
  setMasterKey,
} from "./app/crypto/master-key.server";
import { describeRotation, keyPolicy, rotateKeys } from "./app/crypto/data-keys.server";
import { closePool, configureDatabase, getPool } from "./db/pool.server";
import { projectRoot } from "./db/project-root";
import { defaultDataDir, setUpDatabase } from "./launcher/setup";

const [command, ...rest] = process.argv.slice(2);
const COMMANDS = ["migrate", "seed", "staff:create", "keys:rotate", "keys:rotate-master"];
if (!COMMANDS.includes(command ?? "")) {
  console.error(`usage: npm run hotel -- ${COMMANDS.join("|")} [options]`);
  process.exit(2);
}

// Secrets leave the environment before PostgreSQL (a child process) starts.
const newMasterKey = process.env.HOTEL_NEW_MASTER_KEY;
delete process.env.HOTEL_NEW_MASTER_KEY;
const keys = setUpKeys({ dataDir: defaultDataDir(projectRoot), production: process.env.NODE_ENV === "production" });
const setup = await setUpDatabase({
  databaseUrl: process.env.DATABASE_URL,
  ownerUrl: process.env.DATABASE_OWNER_URL,
  appRole: process.env.HOTEL_APP_ROLE,
  production: process.env.NODE_ENV === "production",
  dataDir: defaultDataDir(projectRoot),
  seed: command === "seed" ? "yes" : "no",
  log: (line) => console.log(`[hotel] ${line}`),
});
configureDatabase(setup.databaseUrl);
let exitCode = 0;
try {
  if (command === "migrate") console.log("[hotel] migrations applied");
  if (command === "seed") console.log(setup.seeded ? "[hotel] demo seeded" : "[hotel] the demo was already there");
  if (command === "staff:create") {
    const { values } = parseArgs({
      args: rest,
      options: {
        email: { type: "string" },
        name: { type: "string" },
        role: { type: "string" },
        property: { type: "string", multiple: true },
      },
    });
    const slugs = values.property ?? [];
    const { rows } = await getPool().query<{ id: string }>(
      `SELECT id FROM properties WHERE slug = ANY($1::text[]) OR id::text = ANY($1::text[])`,
      [slugs],
    );
    if (!values.email || !values.role || rows.length !== slugs.length || slugs.length === 0) {
      console.error("staff:create needs --email, --role and one --property (slug or id) per property, all existing.");
      exitCode = 2;
    } else {
      const result = await createStaff(
        {
          email: values.email,
          displayName: values.name ?? "",
          role: values.role as Role,
          propertyIds: rows.map((row) => row.id),
        },
        { id: "system:cli", channel: "system" },
      );
      if (result.ok) {
        console.log(`[hotel] created ${values.role} ${values.email}`);
        console.log(`[hotel] one-time password: ${result.temporaryPassword}`);
        console.log(
          "[hotel] at first sign-in they replace this password, then enrol an authenticator app (TOTP), before anything else.",
        );
      } else {
        console.error(`[hotel] not created: ${result.problem.replaceAll("_", " ")}`);
        exitCode = 1;
      }
    }
  }
  if (command === "keys:rotate") {
    const report = await rotateKeys({ ...keyPolicy(keys), force: true });
    if (report) console.log(`[hotel] keys rotated: ${describeRotation(report)}`);
    else {
      console.error("[hotel] another process is rotating the keys right now; try again later.");
      exitCode = 1;
    }
  }
  if (command === "keys:rotate-master") exitCode = await rotateMasterKey();
} finally {
  await closePool();
  await setup.embedded?.stop();
}
process.exit(exitCode);

/**
 * Re-seals the key store under a new master key. The data keys in the
 * database are untouched (their KEKs are what is re-sealed); the launcher has
 * already re-wrapped any still under KEK 0, which only the old master opens.
 */
async function rotateMasterKey(): Promise<number> {
  const { values } = parseArgs({ args: rest, options: { "new-key-file": { type: "string" } } });
  let next: Buffer;
  if (values["new-key-file"]) next = parseMasterKey(fs.readFileSync(values["new-key-file"], "utf8"), "--new-key-file");
  else if (newMasterKey) next = parseMasterKey(newMasterKey, "HOTEL_NEW_MASTER_KEY");
  else if (keys.masterKey === "data folder") next = parseMasterKey(generateMasterKey(), "a generated key");
  else {
    console.error("[hotel] keys:rotate-master needs the new key: --new-key-file F, or HOTEL_NEW_MASTER_KEY.");
    return 2;
  }
  const oldFingerprint = masterKeyFingerprint();
  if (masterKeyFingerprint(next) === oldFingerprint) {
    console.error("[hotel] the new master key is the current one.");
    return 2;
  }
  const { rows } = await getPool().query<{ n: number }>(`SELECT count(*)::int AS n FROM data_keys WHERE kek_id = 0`);
  if (rows[0].n > 0) {
    console.error(
      `[hotel] ${rows[0].n} data keys are still under the old master-derived key: start the system once first.`,
    );
    return 1;
  }
  // Purpose keys are stored on first use: store every one the app uses before the old master goes.
  for (const purpose of ["guest-email-index", "totp", "totp-pending", "booking-access-code", "booking-access-cookie"]) {
    purposeKey(purpose);
  }
  const { resealed, skipped } = resealKeyStore(next);
  setMasterKey(next);
  clearKeyCache();
  for (const id of kekIds()) kekById(id);
  console.log(
    `[hotel] key store ${keys.keyStore}: ${resealed} keys re-sealed under the new master key` +
      (skipped ? ` (${skipped} already were)` : ""),
  );
  console.log(`[hotel] master key fingerprint: ${oldFingerprint} -> ${masterKeyFingerprint(next)}`);
  if (keys.masterKey === "data folder") {
    const file = devMasterKeyFile(defaultDataDir(projectRoot));
    fs.writeFileSync(`${file}.new`, `${next.toString("base64")}\n`, { mode: 0o600 });
    fs.renameSync(`${file}.new`, file);
    console.log(`[hotel] the development master key in ${file} is replaced; nothing else to do.`);
  } else {
    console.log("[hotel] next:");
    console.log(
      "[hotel]   1. give every instance the new key (HOTEL_MASTER_KEY or HOTEL_MASTER_KEY_FILE) and restart them;",
    );
    console.log("[hotel]      until then they keep the keys they have read but cannot open new ones;");
    console.log("[hotel]   2. back up the key store again (older key-store backups need the old master key);");
    console.log(
      `[hotel]   3. destroy the old master key (${oldFingerprint}) and the key-store backups sealed by it ` +
        "as soon as no backup you may still restore needs them.",
    );
  }
  return 0;
}
