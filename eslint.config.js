import fs from "node:fs";
import js from "@eslint/js";
import react from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

// Layers of app/, bottom to top. Each folder may import only the folders it
// lists (and its own files); anything else fails the lint. The README's
// "How it is laid out" shows the same table as a picture. A new folder of
// app/ must be added here, or the lint fails.
//   db (pool, migrations)  ← app/ foundations (domain, i18n, http, crypto, mail, media)
//   ← auth ← booking ← audit, privacy, board ← adapters (api, web, sync, ui)
//   ← routes, root.tsx ← launcher/, server.ts, cli.ts
const LAYERS = {
  domain: [],
  i18n: [],
  http: ["i18n", "env"],
  crypto: ["db"],
  mail: ["db", "env"],
  // Uploaded files (room type photos) outside the database.
  media: ["db", "env"],
  auth: ["crypto", "domain", "http", "i18n", "mail", "db", "env"],
  booking: ["auth", "crypto", "domain", "i18n", "mail", "media", "db", "env"],
  audit: ["auth", "booking", "crypto", "domain", "i18n", "db"],
  privacy: ["auth", "booking", "crypto", "domain", "i18n", "mail", "db"],
  board: ["auth", "booking", "domain", "i18n", "sync", "db"],
  ui: ["booking", "domain", "i18n"],
  // The browser's own storage (IndexedDB), the service worker's registration, the offline outbox.
  offline: ["domain", "i18n"],
  web: ["auth", "booking", "crypto", "domain", "http", "i18n", "mail", "db", "env"],
  api: ["audit", "auth", "booking", "crypto", "domain", "http", "i18n", "mail", "media", "privacy", "db", "env"],
  // The front desk's parts (the page is routes/desk.tsx).
  desk: ["board", "booking", "domain", "i18n", "offline", "sync", "ui", "web"],
  sync: ["api", "auth", "offline", "booking", "domain", "http", "i18n", "ui", "web", "db", "env", "shape-server"],
  // The pages may use every layer below them; nothing imports a route.
  routes: null,
};
const appFolders = fs
  .readdirSync(new URL("./app", import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const unplaced = appFolders.filter((name) => !(name in LAYERS));
if (unplaced.length > 0) {
  throw new Error(`eslint.config.js: place app/${unplaced.join(", app/")} in LAYERS (which layers it may import).`);
}
/** How an import of `target` is written from a file one folder deep in app/ (or at app/'s root, for env). */
const importOf = {
  db: "^(\\.\\./)+db/",
  env: "^(~|\\.\\.|\\.)/env\\.server",
  "shape-server": "^(\\.\\./)+shape-server/",
  launcher: "^(\\.\\./)+launcher/",
};
const LABEL = { db: "db/", env: "app/env.server.ts", "shape-server": "shape-server/" };
const importOfFolder = (folder) => importOf[folder] ?? `^(~|\\.\\.)/${folder}(/|$)`;
// One import style inside app/: another folder of app/ by "~/folder/…", never "../folder/…".
const style = { regex: "^\\.\\./(?!\\.\\./)", message: "Import another folder of app/ as ~/folder/…" };
const outsideApp = {
  regex: "^(\\.\\./)+(launcher|tests)/|^(\\.\\./)+(server|cli)(\\.ts)?$",
  message: "app/ never imports the launcher or tests.",
};
const layerBlocks = Object.entries(LAYERS).map(([folder, allowed]) => {
  const forbidden =
    allowed === null
      ? []
      : [...appFolders.filter((name) => name !== folder && name !== "routes"), "db", "env", "shape-server"].filter(
          (name) => !allowed.includes(name),
        );
  return {
    files: [`app/${folder}/**/*.{ts,tsx}`],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            style,
            outsideApp,
            { regex: importOfFolder("routes"), message: "Nothing imports a route." },
            ...forbidden.map((name) => ({
              regex: importOfFolder(name),
              message: `app/${folder}/ may not import ${LABEL[name] ?? `app/${name}/`} (eslint.config.js, LAYERS).`,
            })),
          ],
        },
      ],
    },
  };
});
// db/ is the ground floor: it imports no app code, launcher or shape server.
const groundFloor = {
  files: ["db/**/*.ts"],
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: [
          {
            regex: "^(~|\\.\\./)(app|launcher|shape-server)?(/|$)",
            message: "db/ imports nothing of the app, the launcher or the shape server.",
          },
          { regex: "^\\.\\./", message: "db/ imports nothing outside its folder." },
        ],
      },
    ],
  },
};

export default tseslint.config(
  { ignores: ["build/", "public/build/", "public/sw.js", "node_modules/", ".data/", ".cache/", "test-results/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,js}"],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { react, "react-hooks": reactHooks },
    settings: { react: { version: "detect" } },
    rules: {
      ...react.configs.recommended.rules,
      ...react.configs["jsx-runtime"].rules,
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["tests/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  ...layerBlocks,
  groundFloor,
  // The embedded shape server is a self-contained protocol server (ADR 011):
  // it imports only its own files and packages, never the app, the database
  // layer or the launcher; what the app serves lives in app/sync/shapes.ts.
  // Flat config lets a later block's no-restricted-imports replace this one's
  // options for these files: keep this block after any general layer rule.
  {
    files: ["shape-server/**/*.{ts,tsx,js}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(~|\\.\\.|app|db)(/|$)",
              message: "shape-server/ imports nothing outside its folder: take what it needs as an option.",
            },
          ],
        },
      ],
    },
  },
);
