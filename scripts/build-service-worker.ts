// Builds public/sw.js from service-worker/sw.ts after `remix build`: the
// worker bundled by esbuild, with the list of files to precache (the build's
// hashed scripts and styles, the translations, icons and manifest) and their
// revisions written into it. Run by `npm run build`.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
const publicDir = path.join(root, "public");

function files(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? files(full) : [full];
  });
}

const url = (file: string) => `/${path.relative(publicDir, file).split(path.sep).join("/")}`;
const revision = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex").slice(0, 16);

const built = files(path.join(publicDir, "build")).filter((file) => !file.endsWith(".map"));
if (built.length === 0) throw new Error("public/build is empty: run `remix build` first.");
const precache = [
  // The build's names carry their content's hash already.
  ...built.map((file) => ({ url: url(file), revision: null })),
  ...[
    path.join(publicDir, "favicon.svg"),
    path.join(publicDir, "manifest.webmanifest"),
    ...files(path.join(publicDir, "icons")),
    ...files(path.join(publicDir, "locales")),
  ].map((file) => ({ url: url(file), revision: revision(file) })),
];

await build({
  entryPoints: [path.join(root, "service-worker/sw.ts")],
  outfile: path.join(publicDir, "sw.js"),
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2020",
  define: { PRECACHE: JSON.stringify(precache), "process.env.NODE_ENV": '"production"' },
  logLevel: "warning",
});
console.log(`service worker: public/sw.js, ${precache.length} files precached`);
