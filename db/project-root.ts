// The project's folder, where files read at run time live (db/migrations,
// public/, build/index.js, the default .data/). Found once by walking up to
// package.json from this module, so it is the same whether the module runs
// from its source (tsx, vitest) or bundled into build/server.js. In db/
// because db/ is the ground floor: everything else may import it.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
    if (dir === path.dirname(dir)) throw new Error(`no package.json above ${from}: cannot find the project's folder`);
  }
}

export const projectRoot = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));

/** The data folder: HOTEL_DATA_DIR, else `.data` in the project's folder (keys, the embedded cluster, media). */
export function defaultDataDir(root: string = projectRoot): string {
  return process.env.HOTEL_DATA_DIR ? path.resolve(process.env.HOTEL_DATA_DIR) : path.join(root, ".data");
}
