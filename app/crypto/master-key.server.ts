// The master key: 32 bytes that seal the key store (key-store.server.ts) and
// nothing else. It is read once at start - from HOTEL_MASTER_KEY, the file
// HOTEL_MASTER_KEY_FILE names, or in development a key generated into the
// data folder - and HOTEL_MASTER_KEY is then removed from process.env, so
// that no child process (the embedded PostgreSQL above all) inherits it.
import { createHmac, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

// On globalThis: the launcher's own modules and the Remix build's bundled
// copy of this module are two module instances in one process.
const HOLDER = Symbol.for("hotel.master-key");
type Holder = { [HOLDER]?: Buffer };
const holder = globalThis as Holder;

export type MasterKeySource = "environment" | "file" | "data folder";

export function generateMasterKey(): string {
  return randomBytes(32).toString("base64");
}

/** 32 bytes from base64, or an error that names where the value came from. */
export function parseMasterKey(encoded: string, from: string): Buffer {
  const key = Buffer.from(encoded.trim(), "base64");
  if (key.length !== 32) throw new Error(`${from} must be 32 bytes, base64-encoded.`);
  return key;
}

/**
 * Loads the master key for this process and takes it out of the environment.
 * Production must bring its own; development generates one into
 * `<dataDir>/master-key` on first start and keeps using it.
 */
export function loadMasterKey(dataDir: string, production: boolean): MasterKeySource {
  const fromEnvironment = process.env.HOTEL_MASTER_KEY;
  delete process.env.HOTEL_MASTER_KEY;
  if (fromEnvironment) {
    setMasterKey(parseMasterKey(fromEnvironment, "HOTEL_MASTER_KEY"));
    return "environment";
  }
  const file = process.env.HOTEL_MASTER_KEY_FILE;
  if (file) {
    setMasterKey(parseMasterKey(fs.readFileSync(file, "utf8"), `HOTEL_MASTER_KEY_FILE (${file})`));
    return "file";
  }
  if (production) {
    throw new Error(
      "HOTEL_MASTER_KEY is not set. In production, provide 32 random bytes, base64-encoded, in HOTEL_MASTER_KEY " +
        "or in a file named by HOTEL_MASTER_KEY_FILE " +
        "(for example: node -e \"console.log(require('crypto').randomBytes(32).toString('base64'))\").",
    );
  }
  const generated = devMasterKeyFile(dataDir);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  if (!fs.existsSync(generated)) fs.writeFileSync(generated, `${generateMasterKey()}\n`, { mode: 0o600 });
  setMasterKey(parseMasterKey(fs.readFileSync(generated, "utf8"), generated));
  return "data folder";
}

/** Where development keeps its generated master key. */
export function devMasterKeyFile(dataDir: string): string {
  return path.join(dataDir, "master-key");
}

/** Sets the master key of this process (tests; the launcher goes through loadMasterKey). */
export function setMasterKey(key: Buffer): void {
  if (key.length !== 32) throw new Error("the master key must be 32 bytes");
  holder[HOLDER] = Buffer.from(key);
}

export function masterKey(): Buffer {
  const key = holder[HOLDER];
  if (!key) throw new Error("The master key is not loaded: start the system with `npm start` or `npm run hotel`.");
  return key;
}

/** Names a master key without revealing it: key-store entries say which master sealed them. */
export function masterKeyFingerprint(key: Buffer = masterKey()): string {
  return createHmac("sha256", key).update("hotel-booking:master-key-fingerprint").digest("hex").slice(0, 16);
}
