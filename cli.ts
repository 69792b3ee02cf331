// The command line for the people who run a hotel's system:
//   npm run hotel -- migrate                  apply the migrations
//   npm run hotel -- seed                     load the demo hotel (demo data only)
//   npm run hotel -- staff:create --email E --name N --role front_desk|manager|auditor|admin --property SLUG [--property …]
// Against DATABASE_URL, or the embedded cluster in the data folder.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createStaff } from "./app/auth/staff.server";
import type { Role } from "./app/auth/session.server";
import { closePool, getPool } from "./db/pool.server";
import { defaultDataDir, ensureMasterKey, setUpDatabase } from "./db/setup";

const [command, ...rest] = process.argv.slice(2);
const COMMANDS = ["migrate", "seed", "staff:create"];
if (!COMMANDS.includes(command ?? "")) {
  console.error(`usage: npm run hotel -- ${COMMANDS.join("|")} [options]`);
  process.exit(2);
}

const root = path.dirname(fileURLToPath(import.meta.url));
ensureMasterKey(defaultDataDir(root), process.env.NODE_ENV === "production");
const setup = await setUpDatabase({
  databaseUrl: process.env.DATABASE_URL,
  dataDir: defaultDataDir(root),
  seed: command === "seed" ? "yes" : "no",
  log: (line) => console.log(`[hotel] ${line}`),
});
process.env.DATABASE_URL = setup.databaseUrl;
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
      const result = await createStaff({
        email: values.email,
        displayName: values.name ?? "",
        role: values.role as Role,
        propertyIds: rows.map((row) => row.id),
      });
      if (result.ok) {
        console.log(`[hotel] created ${values.role} ${values.email}`);
        console.log(`[hotel] one-time password: ${result.temporaryPassword}`);
        console.log("[hotel] at first sign-in they enrol an authenticator app (TOTP) before anything else.");
      } else {
        console.error(`[hotel] not created: ${result.problem.replaceAll("_", " ")}`);
        exitCode = 1;
      }
    }
  }
} finally {
  await closePool();
  await setup.embedded?.stop();
}
process.exit(exitCode);
