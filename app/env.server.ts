// Environment variables, parsed once at start-up. A bad value stops the
// process with a message that names it.
import { z } from "zod";

export const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default("127.0.0.1"),
    DATABASE_URL: z.string().url().optional(),
    /** The role that owns the schema: runs migrations (and the embedded shape server's replication). */
    DATABASE_OWNER_URL: z.string().url().optional(),
    HOTEL_DATA_DIR: z.string().min(1).optional(),
    /** The key store's folder (ADR 016); read by app/crypto/keys.server.ts. Default: <data folder>/keys. */
    HOTEL_KEY_DIR: z.string().min(1).optional(),
    /** Uploaded photos' folder (app/media/store.server.ts). Default: <data folder>/media. */
    HOTEL_MEDIA_DIR: z.string().min(1).optional(),
    /** An S3-compatible bucket for uploaded photos instead (path style: https://host/bucket), and its keys. */
    HOTEL_MEDIA_S3_URL: z.string().url().optional(),
    HOTEL_MEDIA_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    HOTEL_MEDIA_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    HOTEL_MEDIA_S3_REGION: z.string().min(1).optional(),
    /** A file holding the master key, instead of HOTEL_MASTER_KEY. */
    HOTEL_MASTER_KEY_FILE: z.string().min(1).optional(),
    HOTEL_KEK_ROTATION_DAYS: z.coerce.number().min(0).max(366).optional(),
    HOTEL_KEK_RETENTION_DAYS: z.coerce.number().min(0).max(3660).optional(),
    HOTEL_PG_PORT: z.coerce.number().int().min(1024).max(65535).optional(),
    HOTEL_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(16),
    HOTEL_SEED_DEMO: z.enum(["auto", "yes", "no"]).default("auto"),
    HOTEL_MASTER_KEY: z
      .string()
      .refine((value) => Buffer.from(value, "base64").length === 32, "must be 32 bytes, base64-encoded")
      .optional(),
    /** "1" for a production build served over plain http on a private network (no HSTS, no Secure cookies). */
    HOTEL_INSECURE_COOKIES: z.enum(["0", "1"]).default("0"),
    /**
     * The site's public address (an origin such as https://hotel.example): every absolute link the
     * server writes, as in emails, is built from it, never from the request. Required in production.
     */
    HOTEL_PUBLIC_URL: z
      .string()
      .url()
      .refine((value) => isPlainOrigin(value), "must be the site's address alone, like https://hotel.example")
      .optional(),
    /** Outgoing mail's SMTP server (smtp://user:password@host:587, smtps://…); unset, development writes to the outbox. */
    HOTEL_SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\/[^\s]+$/, "must be an smtp:// or smtps:// URL")
      .optional(),
    /** The From of outgoing mail. */
    HOTEL_MAIL_FROM: z.string().min(3).default("Harbour Light Hotel <no-reply@localhost>"),
    TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
    HOTEL_RATE_LIMITS: z.enum(["on", "off"]).default("on"),
    /** With it, GET /metrics answers (Prometheus text) to `Authorization: Bearer <it>`; without it, 404. */
    HOTEL_METRICS_TOKEN: z.string().min(16).optional(),
    /** A real Electric sync service; unset, the embedded shape server (shape-server/) answers instead. */
    ELECTRIC_URL: z.string().url().optional(),
    /** Electric's API secret (its ELECTRIC_SECRET), sent by the shape proxy as `secret`. */
    ELECTRIC_SECRET: z.string().min(1).optional(),
    /** Port of the embedded shape server on 127.0.0.1 (0: any free port). */
    HOTEL_SHAPE_PORT: z.coerce.number().int().min(0).max(65535).default(0),
    /** Seconds a live shape request is held open before it answers up-to-date (Electric: 20). */
    HOTEL_SHAPE_LONG_POLL_SECONDS: z.coerce.number().min(0.1).max(120).default(20),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  })
  .superRefine((env, context) => {
    // A bucket without its keys would refuse every upload: say so at start-up instead.
    if (env.HOTEL_MEDIA_S3_URL && !(env.HOTEL_MEDIA_S3_ACCESS_KEY_ID && env.HOTEL_MEDIA_S3_SECRET_ACCESS_KEY)) {
      context.addIssue({
        code: "custom",
        path: ["HOTEL_MEDIA_S3_URL"],
        message: "needs HOTEL_MEDIA_S3_ACCESS_KEY_ID and HOTEL_MEDIA_S3_SECRET_ACCESS_KEY",
      });
    }
    // Without it, links in emails could only come from the request's Host header, which the client chooses.
    if (env.NODE_ENV === "production" && !env.HOTEL_PUBLIC_URL) {
      context.addIssue({
        code: "custom",
        path: ["HOTEL_PUBLIC_URL"],
        message: "is required in production: the site's public address, like https://hotel.example",
      });
    }
  });

/** http(s)://host[:port] with at most a "/" after it: no credentials, path, query or fragment. */
function isPlainOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      (url.protocol === "https:" || url.protocol === "http:") &&
      !url.username &&
      !url.password &&
      url.pathname === "/" &&
      !url.search &&
      !url.hash &&
      !value.includes("?") &&
      !value.includes("#")
    );
  } catch {
    return false;
  }
}

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  cached = parsed.data;
  return cached;
}
