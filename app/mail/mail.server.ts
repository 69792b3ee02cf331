// Outgoing email through a pluggable transport. Nothing is ever silently
// dropped: the development transport writes every message to the outbox
// table (admins read it at /admin/outbox) and logs a line saying so.
import { getPool } from "../../db/pool.server";

export type MailMessage = { to: string; subject: string; text: string };
export type MailTransport = { name: string; send: (message: MailMessage) => Promise<void> };

const outbox: MailTransport = {
  name: "outbox",
  async send(message) {
    await getPool().query(`INSERT INTO mail_outbox (to_address, subject, body) VALUES ($1, $2, $3)`, [
      message.to,
      message.subject,
      message.text,
    ]);
    console.log(`[mail] to ${message.to}: "${message.subject}" (written to the outbox: /admin/outbox)`);
  },
};

let transport: MailTransport = outbox;

/** A deployment plugs in its real sender (SMTP, an email API) here at start-up. */
export function useMailTransport(next: MailTransport): void {
  transport = next;
}

export async function sendMail(message: MailMessage): Promise<void> {
  await transport.send(message);
}

export async function readOutbox(limit = 50) {
  const { rows } = await getPool().query<{ id: number; to: string; subject: string; body: string; sentAt: string }>(
    `SELECT id, to_address AS "to", subject, body, to_json(created_at) #>> '{}' AS "sentAt"
       FROM mail_outbox ORDER BY id DESC LIMIT $1`,
    [limit],
  );
  return rows;
}
