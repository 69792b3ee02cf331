// Builds build/server.js from server.ts after `remix build`: the launcher and
// the TypeScript it imports (app/, db/, launcher/, shape-server/) in one ES
// module, packages left to node_modules, so that `npm start` runs it with
// plain Node instead of a TypeScript loader (decision record 021). Files read
// at run time are found from the project's folder (db/project-root.ts), not
// from the bundle's. Run by `npm run build`.
import path from "node:path";
import { build } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
const outfile = path.join(root, "build", "server.js");

const result = await build({
  entryPoints: [path.join(root, "server.ts")],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // Every package stays an import, resolved from node_modules as under tsx.
  packages: "external",
  sourcemap: true,
  // NODE_ENV is read when the process starts, as under tsx: one bundle serves development and production.
  logLevel: "warning",
  metafile: true,
});

// Only packages and Node's modules may stay imports: a project file left as
// one (a "~/" alias esbuild did not resolve, say) would be looked for from
// build/ and fail only when the server starts.
const unbundled = Object.values(result.metafile.outputs)
  .flatMap((output) => output.imports)
  .filter((entry) => entry.external && /^(\.{0,2}\/|~\/)/.test(entry.path));
if (unbundled.length > 0) {
  throw new Error(`build/server.js would import ${unbundled.map((entry) => entry.path).join(", ")} at run time`);
}
const inputs = Object.keys(result.metafile.inputs).length;
console.log(`launcher: build/server.js, ${inputs} files bundled`);
