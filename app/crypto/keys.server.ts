// The keys in the key store (key-store.server.ts), each sealed by the master key:
// - purpose keys (the email blind index, TOTP sealing, booking access codes…),
//   which must outlive a master-key rotation: each is stored on first use as
//   the HKDF output of the master key it was first derived from, so the blind
//   indexes of existing data folders stay valid;
// - key-encryption keys (KEKs), random and numbered, which wrap every guest's
//   and account's data key; a new one each rotation period, and old ones
//   destroyed once no data key needs them (app/crypto/data-keys.server.ts).
// KEK 0 is the key data keys were wrapped under before the key store existed
// (HKDF of the master key, "guest-kek"); it is never stored, and opens only
// what migration 010 moved until the launcher re-wraps it.
import { hkdfSync, randomBytes } from "node:crypto";
import { z } from "zod";
import { open, seal } from "./aead.server";
import { fileKeyStore, keyStore, keyStoreDir, setKeyStore } from "./key-store.server";
import { loadMasterKey, masterKey, masterKeyFingerprint, type MasterKeySource } from "./master-key.server";

const keyEnv = z.object({
  HOTEL_KEY_DIR: z.string().min(1).optional(),
  HOTEL_MASTER_KEY_FILE: z.string().min(1).optional(),
  /** A new KEK when the current one is this many days old. */
  HOTEL_KEK_ROTATION_DAYS: z.coerce.number().min(0).max(366).default(30),
  /** Days a superseded KEK is kept for restoring backups before it is destroyed (0 only for tests). */
  HOTEL_KEK_RETENTION_DAYS: z.coerce.number().min(0).max(3660).default(30),
});

export type KeySetup = {
  masterKey: MasterKeySource;
  keyStore: string;
  rotationDays: number;
  retentionDays: number;
};

/**
 * At start, before any child process: loads the master key (and takes it out
 * of the environment) and opens the key store. A bad setting stops the
 * process with a message that names it.
 */
export function setUpKeys(options: { dataDir: string; production: boolean }): KeySetup {
  const parsed = keyEnv.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  const source = loadMasterKey(options.dataDir, options.production);
  const dir = keyStoreDir(options.dataDir);
  setKeyStore(fileKeyStore(dir));
  clearKeyCache();
  // Fails now, not at the first sign-in, when the store was sealed by another master key.
  for (const id of kekIds()) kekById(id);
  return {
    masterKey: source,
    keyStore: dir,
    rotationDays: parsed.data.HOTEL_KEK_ROTATION_DAYS,
    retentionDays: parsed.data.HOTEL_KEK_RETENTION_DAYS,
  };
}

type Entry = { kind: "purpose" | "kek"; createdAt: string; master: string; key: string };
export type Kek = { id: number; createdAt: Date; key: Buffer };

const HOLDER = Symbol.for("hotel.key-cache");
type Cache = { purposes: Map<string, Buffer>; keks: Map<number, Kek>; current?: { kek: Kek; checkedAt: number } };
const holder = globalThis as { [HOLDER]?: Cache };
const cache = (): Cache => (holder[HOLDER] ??= { purposes: new Map(), keks: new Map() });

/** Forgets every key read so far (after a master-key rotation or in tests). */
export function clearKeyCache(): void {
  holder[HOLDER] = undefined;
}

const derive = (master: Buffer, label: string) =>
  Buffer.from(hkdfSync("sha256", master, Buffer.alloc(0), `hotel-booking:${label}`, 32));

function sealEntry(kind: Entry["kind"], name: string, key: Buffer, createdAt: Date, master = masterKey()): string {
  const entry: Entry = {
    kind,
    createdAt: createdAt.toISOString(),
    master: masterKeyFingerprint(master),
    key: seal(master, key, `key-store:${name}`),
  };
  return `${JSON.stringify(entry, null, 2)}\n`;
}

function openEntry(name: string, text: string, master = masterKey()): { key: Buffer; createdAt: Date } {
  const entry = JSON.parse(text) as Entry;
  if (entry.master !== masterKeyFingerprint(master)) {
    throw new Error(
      `key-store entry ${name} is sealed by another master key (${entry.master}); ` +
        "this process has " +
        masterKeyFingerprint(master),
    );
  }
  return { key: open(master, entry.key, `key-store:${name}`), createdAt: new Date(entry.createdAt) };
}

// Purpose keys ---------------------------------------------------------------

const PURPOSE = /^[a-z0-9-]{1,60}$/;

/** The key for one purpose (a blind index, a sealed column); never used for another. */
export function purposeKey(purpose: string): Buffer {
  if (!PURPOSE.test(purpose) || purpose === "guest-kek") throw new Error(`not a purpose: ${purpose}`);
  const known = cache().purposes.get(purpose);
  if (known) return known;
  const name = `purpose-${purpose}`;
  const store = keyStore();
  let text = store.read(name);
  if (text === undefined) {
    // Deterministic, so that two processes creating it at once agree, and an
    // existing data folder's blind indexes (made with this derivation) stay valid.
    store.create(name, sealEntry("purpose", name, derive(masterKey(), purpose), new Date()));
    text = store.read(name)!;
  }
  const { key } = openEntry(name, text);
  cache().purposes.set(purpose, key);
  return key;
}

// Key-encryption keys ----------------------------------------------------------

const kekName = (id: number) => `kek-${id}`;

/** The ids of the KEKs in the store, oldest first. */
export function kekIds(): number[] {
  return keyStore()
    .list()
    .map((name) => /^kek-(\d+)$/.exec(name)?.[1])
    .filter((id): id is string => id !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

export function kekById(id: number): Kek | undefined {
  if (id === 0) return { id: 0, createdAt: new Date(0), key: derive(masterKey(), "guest-kek") };
  const known = cache().keks.get(id);
  if (known) return known;
  const text = keyStore().read(kekName(id));
  if (text === undefined) return undefined;
  const kek = { id, ...openEntry(kekName(id), text) };
  cache().keks.set(id, kek);
  return kek;
}

/** Starts a new KEK period: a new random KEK with the next id. */
export function createKek(now = new Date()): Kek {
  for (;;) {
    const id = Math.max(0, ...kekIds()) + 1;
    const key = randomBytes(32);
    if (keyStore().create(kekName(id), sealEntry("kek", kekName(id), key, now))) {
      const kek = { id, createdAt: now, key };
      cache().keks.set(id, kek);
      cache().current = { kek, checkedAt: Date.now() };
      return kek;
    }
    // Another process took that id at the same moment: take the next.
  }
}

/**
 * The KEK new data keys are wrapped under: the newest in the store. Re-read
 * at least every minute, so an instance picks up another's rotation long
 * before the retention period lets the old KEK be destroyed.
 */
export function currentKek(maxAgeMs = 60_000): Kek {
  const current = cache().current;
  if (current && Date.now() - current.checkedAt < maxAgeMs) return current.kek;
  const newest = kekIds().at(-1);
  const kek = newest === undefined ? createKek() : kekById(newest)!;
  cache().current = { kek, checkedAt: Date.now() };
  return kek;
}

export function destroyKek(id: number): void {
  if (id === currentKek(0).id) throw new Error("the current KEK is never destroyed");
  keyStore().destroy(kekName(id));
  cache().keks.delete(id);
}

/** "<kek id>:<sealed data key>", bound to the subject it belongs to. */
export function wrapDataKey(subject: string, dataKey: Buffer, kek: Kek = currentKek()): string {
  return `${kek.id}:${seal(kek.key, dataKey, subject)}`;
}

export function kekIdOf(wrapped: string): number {
  const id = Number(wrapped.slice(0, wrapped.indexOf(":")));
  if (!Number.isInteger(id) || id < 0) throw new Error("not a wrapped data key");
  return id;
}

export function unwrapDataKey(subject: string, wrapped: string): Buffer {
  const id = kekIdOf(wrapped);
  const kek = kekById(id);
  if (!kek) throw new Error(`the KEK ${id} that wrapped ${subject}'s data key has been destroyed`);
  return open(kek.key, wrapped.slice(wrapped.indexOf(":") + 1), subject);
}

// Master-key rotation ------------------------------------------------------------

/**
 * Re-seals every key-store entry under `next`. Entries already under `next`
 * are skipped, so an interrupted rotation can simply run again.
 */
export function resealKeyStore(next: Buffer, current = masterKey()): { resealed: number; skipped: number } {
  const store = keyStore();
  const target = masterKeyFingerprint(next);
  let resealed = 0;
  let skipped = 0;
  for (const name of store.list()) {
    const text = store.read(name);
    if (text === undefined) continue;
    const entry = JSON.parse(text) as Entry;
    if (entry.master === target) {
      skipped++;
      continue;
    }
    const { key, createdAt } = openEntry(name, text, current);
    store.replace(name, sealEntry(entry.kind, name, key, createdAt, next));
    resealed++;
  }
  return { resealed, skipped };
}
