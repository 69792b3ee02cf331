// Outgoing mail as the launcher sends it: through a real SMTP server when
// HOTEL_SMTP_URL is set; to the development outbox otherwise, whose rows
// expire and which production refuses; and never an address in the log.
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readOutbox, sendMail } from "~/mail/mail.server";
import { getPool } from "../../db/pool.server";
import { createAccount } from "../helpers";
import { start, stop, stopAll } from "../server-process";

type Received = { to: string[]; data: string };
const received: Received[] = [];
let smtp: SMTPServer;
let smtpPort = 0;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      let data = "";
      stream.on("data", (chunk: Buffer) => (data += chunk.toString("utf8")));
      stream.on("end", () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  smtpPort = (smtp.server.address() as { port: number }).port;
});

afterAll(async () => {
  stopAll();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

const common = () => ({
  DATABASE_URL: process.env.DATABASE_URL!,
  HOTEL_MASTER_KEY: process.env.HOTEL_MASTER_KEY!,
  HOTEL_PUBLIC_URL: "https://hotel.example",
});

async function forgot(base: string, email: string) {
  return fetch(`${base}forgot-password?_data=routes/forgot-password`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email }),
  });
}

describe("mail", () => {
  it("goes through the SMTP server of HOTEL_SMTP_URL, and the log never names the recipient", async () => {
    const guest = await createAccount("guest");
    const server = await start({ ...common(), HOTEL_SMTP_URL: `smtp://127.0.0.1:${smtpPort}` });
    try {
      expect(server.output()).toMatch(/mail: sent through HOTEL_SMTP_URL/);
      const response = await forgot(server.url, guest.email);
      expect(response.status).toBe(200);
      const mail = received.find((message) => message.to.includes(guest.email));
      expect(mail, "the SMTP server got no mail for the guest").toBeDefined();
      expect(mail!.data).toMatch(/https:\/\/hotel\.example\/reset-password\//);
      // Not in the outbox, and not in the log.
      const { rowCount } = await getPool().query(`SELECT 1 FROM mail_outbox WHERE to_address = $1`, [guest.email]);
      expect(rowCount).toBe(0);
      expect(server.output()).not.toContain(guest.email);
    } finally {
      await stop(server);
    }
  });

  it("is refused by the outbox in production: the person is told, nothing is stored", async () => {
    const guest = await createAccount("guest");
    const server = await start({ ...common(), NODE_ENV: "production" });
    try {
      expect(server.output()).toMatch(/HOTEL_SMTP_URL is not set, so no mail can be sent/);
      const response = await fetch(`${server.url}forgot-password?_data=routes/forgot-password`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "accept-language": "es" },
        body: new URLSearchParams({ email: guest.email }),
      });
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ error: { key: "problems.mail_unavailable" } });
      const { rowCount } = await getPool().query(`SELECT 1 FROM mail_outbox WHERE to_address = $1`, [guest.email]);
      expect(rowCount).toBe(0);
      expect(server.output()).not.toContain(guest.email);
    } finally {
      await stop(server);
    }
  });

  it("keeps development outbox messages for a day, and logs no address", async () => {
    const logged: string[] = [];
    const original = console.log;
    console.log = (...args: unknown[]) => logged.push(args.join(" "));
    try {
      await sendMail({ to: "old@example.test", subject: "Old", text: "a stale link" });
      await getPool().query(`UPDATE mail_outbox SET expires_at = now() - interval '1 second' WHERE to_address = $1`, [
        "old@example.test",
      ]);
      expect((await readOutbox()).map((m) => m.to)).not.toContain("old@example.test");
      await sendMail({ to: "new@example.test", subject: "New", text: "a fresh link" });
      expect((await readOutbox()).map((m) => m.to)).toContain("new@example.test");
      // The expired row is gone from the table, not only hidden.
      const { rowCount } = await getPool().query(`SELECT 1 FROM mail_outbox WHERE to_address = 'old@example.test'`);
      expect(rowCount).toBe(0);
    } finally {
      console.log = original;
    }
    expect(logged.join("\n")).not.toMatch(/@example\.test/);
    expect(logged.join("\n")).not.toMatch(/link/);
  });
});
