// Outgoing email. Production sends through SMTP (HOTEL_SMTP_URL, with
// nodemailer). Development without SMTP writes every message to the outbox
// table instead (admins read it at /admin/outbox); its rows hold live links
// and codes, so they expire after a day, and production refuses the outbox
// outright. Nothing is silently dropped: a message that cannot be sent is an
// error the caller sees. No address and no body is ever logged.
import nodemailer from "nodemailer";
import { getPool } from "../../db/pool.server";
import { getEnv } from "~/env.server";

export type MailMessage = { to: string; subject: string; text: string };
export type MailTransport = { name: string; send: (message: MailMessage) => Promise<void> };

/** Mail cannot be sent: no transport in production, or the SMTP server refused. */
export class MailUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MailUnavailable";
  }
}

const outbox: MailTransport = {
  name: "outbox",
  async send(message) {
    if (getEnv().NODE_ENV === "production") {
      throw new MailUnavailable(
        "The development outbox is refused in production: set HOTEL_SMTP_URL to send mail through an SMTP server.",
      );
    }
    const pool = getPool();
    await pool.query(`DELETE FROM mail_outbox WHERE expires_at < now()`);
    await pool.query(`INSERT INTO mail_outbox (to_address, subject, body) VALUES ($1, $2, $3)`, [
      message.to,
      message.subject,
      message.text,
    ]);
    console.log(`[mail] "${message.subject}" written to the development outbox (/admin/outbox)`);
  },
};

function smtp(url: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport(url);
  return {
    name: "smtp",
    async send(message) {
      try {
        await transporter.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
      } catch (error) {
        // The SMTP server's answer can quote the address: say only that it failed.
        const code =
          (error as { responseCode?: number; code?: string }).responseCode ?? (error as { code?: string }).code;
        throw new MailUnavailable(`the SMTP server did not take the message (${code ?? "no answer"})`);
      }
    },
  };
}

const KEY = Symbol.for("hotel.mail.transport");
type Holder = { [KEY]?: MailTransport };

function transport(): MailTransport {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    const env = getEnv();
    holder[KEY] = env.HOTEL_SMTP_URL ? smtp(env.HOTEL_SMTP_URL, env.HOTEL_MAIL_FROM) : outbox;
  }
  return holder[KEY];
}

/** How mail leaves, for the launcher's start-up lines. */
export function mailTransportName(): string {
  return transport().name;
}

/** A deployment may plug in another sender (an email API) here at start-up. */
export function useMailTransport(next: MailTransport): void {
  (globalThis as Holder)[KEY] = next;
}

export async function sendMail(message: MailMessage): Promise<void> {
  await transport().send(message);
}

/** The development outbox, newest first; expired messages are gone. */
export async function readOutbox(limit = 50) {
  const { rows } = await getPool().query<{ id: number; to: string; subject: string; body: string; sentAt: string }>(
    `SELECT id, to_address AS "to", subject, body, to_json(created_at) #>> '{}' AS "sentAt"
       FROM mail_outbox WHERE expires_at > now() ORDER BY id DESC LIMIT $1`,
    [limit],
  );
  return rows;
}
