// `npm run db:migrate` and `npm run db:seed`: the database chores on their
// own, against DATABASE_URL or the embedded cluster in the data folder.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defaultDataDir, ensureMasterKey, setUpDatabase } from "./setup";

const command = process.argv[2];
if (command !== "migrate" && command !== "seed") {
  console.error("usage: tsx db/cli.ts migrate|seed");
  process.exit(2);
}
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
ensureMasterKey(defaultDataDir(root), process.env.NODE_ENV === "production");
const setup = await setUpDatabase({
  databaseUrl: process.env.DATABASE_URL,
  dataDir: defaultDataDir(root),
  seed: command === "seed" ? "yes" : "no",
  log: (line) => console.log(`[db] ${line}`),
});
console.log(
  `[db] migrations applied${command === "seed" ? (setup.seeded ? ", demo seeded" : ", demo already there") : ""}`,
);
await setup.embedded?.stop();
