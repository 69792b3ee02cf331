// Where keys live: outside the database, so that destroying a key destroys it
// for every backup, dump and replica of the database at once. Each entry is a
// small JSON document whose key material is sealed by the master key. The
// file store keeps one file per entry (mode 0600) in <dataDir>/keys or
// HOTEL_KEY_DIR; a KMS or object store would implement the same interface.
// Several app instances must share one store (a shared volume, or such a
// service). Decision record 016.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export interface KeyStore {
  /** Where it is, for messages. */
  readonly location: string;
  /** The names of every entry. */
  list(): string[];
  read(name: string): string | undefined;
  /** Stores a new entry; false if one of that name exists already (another process was first). */
  create(name: string, content: string): boolean;
  /** Replaces an entry atomically. */
  replace(name: string, content: string): void;
  /** Destroys an entry. */
  destroy(name: string): void;
}

const NAME = /^[a-z0-9][a-z0-9-]{0,80}$/;

function checkName(name: string): string {
  if (!NAME.test(name)) throw new Error(`not a key-store entry name: ${name}`);
  return name;
}

export function fileKeyStore(dir: string): KeyStore {
  const file = (name: string) => path.join(dir, `${checkName(name)}.json`);
  const ready = () => fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temporary = (content: string) => {
    ready();
    const tmp = path.join(dir, `.tmp-${randomBytes(8).toString("hex")}`);
    fs.writeFileSync(tmp, content, { mode: 0o600, flush: true });
    return tmp;
  };
  return {
    location: dir,
    list() {
      if (!fs.existsSync(dir)) return [];
      return fs
        .readdirSync(dir)
        .filter((entry) => entry.endsWith(".json"))
        .map((entry) => entry.slice(0, -".json".length))
        .filter((name) => NAME.test(name));
    },
    read(name) {
      try {
        return fs.readFileSync(file(name), "utf8");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw error;
      }
    },
    create(name, content) {
      // Written aside, then linked into place: readers never see half a file, and link refuses to overwrite.
      const tmp = temporary(content);
      try {
        fs.linkSync(tmp, file(name));
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
        throw error;
      } finally {
        fs.rmSync(tmp, { force: true });
      }
    },
    replace(name, content) {
      fs.renameSync(temporary(content), file(name));
    },
    destroy(name) {
      const target = file(name);
      if (!fs.existsSync(target)) return;
      // Overwrite first (best effort: a copy-on-write file system or an SSD may keep the old blocks), then unlink.
      const size = fs.statSync(target).size;
      fs.writeFileSync(target, randomBytes(size), { flush: true });
      fs.rmSync(target);
    },
  };
}

const HOLDER = Symbol.for("hotel.key-store");
type Holder = { [HOLDER]?: KeyStore };
const holder = globalThis as Holder;

/** The key store's folder: HOTEL_KEY_DIR, else `keys` in the data folder. */
export function keyStoreDir(dataDir: string): string {
  return process.env.HOTEL_KEY_DIR ? path.resolve(process.env.HOTEL_KEY_DIR) : path.join(dataDir, "keys");
}

export function setKeyStore(store: KeyStore): void {
  holder[HOLDER] = store;
}

export function keyStore(): KeyStore {
  const store = holder[HOLDER];
  if (store) return store;
  if (process.env.HOTEL_KEY_DIR) {
    setKeyStore(fileKeyStore(path.resolve(process.env.HOTEL_KEY_DIR)));
    return holder[HOLDER]!;
  }
  throw new Error("The key store is not configured: start the system with `npm start` or `npm run hotel`.");
}
