import js from "@eslint/js";
import react from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/", "public/build/", "node_modules/", ".data/", ".cache/", "test-results/"] },
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
