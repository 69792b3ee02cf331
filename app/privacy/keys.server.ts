// The master key and what is derived from it. The master key comes from
// HOTEL_MASTER_KEY (32 bytes, base64); in development the launcher generates
// one into the data folder, and production refuses to start without it.
// Keys for separate purposes are derived with HKDF, so one purpose's key
// never decrypts another's data.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

let master: Buffer | undefined;

function masterKey(): Buffer {
  if (master) return master;
  const encoded = process.env.HOTEL_MASTER_KEY;
  if (!encoded) throw new Error("HOTEL_MASTER_KEY is not set: start the system with `npm start`.");
  const key = Buffer.from(encoded, "base64");
  if (key.length !== 32) throw new Error("HOTEL_MASTER_KEY must be 32 bytes, base64-encoded.");
  master = key;
  return master;
}

export function generateMasterKey(): string {
  return randomBytes(32).toString("base64");
}

const derived = new Map<string, Buffer>();

export function purposeKey(purpose: string): Buffer {
  let key = derived.get(purpose);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", masterKey(), Buffer.alloc(0), `hotel-booking:${purpose}`, 32));
    derived.set(purpose, key);
  }
  return key;
}

/** AES-256-GCM; the result is "v1.<iv>.<tag>.<ciphertext>" in base64url, bound to `context`. */
export function seal(key: Buffer, plaintext: string | Buffer, context = ""): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), body]
    .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
    .join(".");
}

export function open(key: Buffer, sealed: string, context = ""): Buffer {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || body === undefined) throw new Error("not a sealed value");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]);
}
