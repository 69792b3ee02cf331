// Authenticated encryption for everything the app seals: AES-256-GCM with a
// fresh 96-bit IV, bound to a context string (associated data) so that a
// sealed value cannot be moved to another row or purpose.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

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
