// lucia v3's session cookie. The browser's cookie and the API's bearer
// token are the same kind of session; the database keeps only the SHA-256
// of the token as the session id, so a leaked sessions table opens nothing.
// Sessions themselves - how long they last for whom, their stage - are
// created and checked in session.server.ts.
import { NodePostgresAdapter } from "@lucia-auth/adapter-postgresql";
import { Lucia, TimeSpan } from "lucia";
import { getPool } from "../../db/pool.server";
import { getEnv } from "~/env.server";

/**
 * What a session may do: everything its role allows, or only the one step
 * that must come first (an admin-created account changes its temporary
 * password, then staff enrol a second factor).
 */
export type SessionStage = "full" | "enrol_totp" | "change_password";
export type SessionKind = "web" | "api";

function createLucia() {
  return new Lucia(new NodePostgresAdapter(getPool(), { user: "accounts", session: "sessions" }), {
    sessionExpiresIn: new TimeSpan(30, "d"),
    sessionCookie: {
      name: "hotel_session",
      attributes: {
        // Secure everywhere but plain-http local development and tests. (getEnv, not
        // process.env.NODE_ENV: the Remix build pins that to "production".)
        secure: getEnv().NODE_ENV === "production" && getEnv().HOTEL_INSECURE_COOKIES !== "1",
        sameSite: "lax",
      },
    },
    getSessionAttributes: (attributes) => ({ stage: attributes.stage, kind: attributes.kind }),
    // Identity (email, name) is sealed; loadAccount opens it when needed.
    getUserAttributes: (attributes) => ({
      role: attributes.role,
      totpEnrolled: attributes.totp_enrolled_at !== null,
      disabled: attributes.disabled_at !== null,
    }),
  });
}

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    DatabaseSessionAttributes: { stage: SessionStage; kind: SessionKind };
    DatabaseUserAttributes: {
      role: string;
      totp_enrolled_at: Date | null;
      disabled_at: Date | null;
    };
  }
}

const KEY = Symbol.for("hotel.lucia");
type Holder = { [KEY]?: ReturnType<typeof createLucia> };

export function getLucia() {
  const holder = globalThis as Holder;
  holder[KEY] ??= createLucia();
  return holder[KEY];
}
