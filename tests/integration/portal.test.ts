// The guest portal's booking flow, as a browser without JavaScript posts it:
// search → book (signing in on the way, keeping the stay) → confirmation with
// a calendar file → my bookings → cancel with a confirmation step.
import { beforeAll, describe, expect, it } from "vitest";
import { getPool } from "../../db/pool.server";
import { apiClient, createAccount, createProperty, webCookie, type ApiCall, type Fixture } from "../helpers";

let call: ApiCall;
let hotel: Fixture;
let cookie: string;

const form = (fields: Record<string, string>) => ({
  rawBody: new URLSearchParams(fields).toString(),
  headers: { "content-type": "application/x-www-form-urlencoded", cookie },
});

beforeAll(async () => {
  call = await apiClient();
  hotel = await createProperty({ DBL: { rooms: 2 } });
  cookie = await webCookie(call, await createAccount("guest"));
});

function bookPath(from: number, to: number) {
  return `/book?${new URLSearchParams({ roomTypeId: hotel.roomTypes.DBL.id, checkIn: hotel.day(from), checkOut: hotel.day(to), adults: "2" })}`;
}

/** Where the booking form posts: the page's own URL, stay included. */
function actionOf(html: string): string {
  return /<form method="post" action="(\/book\?[^"]+)"/.exec(html)![1].replaceAll("&amp;", "&");
}

function formFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g))
    fields[match[1]] = match[2];
  return fields;
}

/** Books a stay the way the portal's form does; answers the new booking's reference. */
async function bookThroughForm(from: number, to: number, details: { fullName: string; email: string }) {
  const page = await call("GET", bookPath(from, to), { headers: { cookie } });
  const booked = await call("POST", actionOf(page.text), form({ ...formFields(page.text), ...details }));
  expect(booked.status).toBe(302);
  return /\/bookings\/([A-Z0-9-]+)/.exec(booked.headers.get("location")!)![1];
}

describe("booking through the portal", () => {
  it("asks a visitor to sign in first, keeping the chosen stay", async () => {
    const page = await call("GET", bookPath(10, 12));
    expect(page.status).toBe(200);
    expect(page.text).toContain("Sign in to book");
    expect(page.text).toContain(`name="redirectTo" value="${bookPath(10, 12).replaceAll("&", "&amp;")}"`);
  });

  it("lets a visitor sign up right there and, through the emailed link, come back to the same stay", async () => {
    const page = await call("GET", bookPath(11, 13));
    expect(page.text).toContain('action="/sign-up"');
    const email = `inline-${Date.now()}@example.org`;
    const signedUp = await call("POST", "/sign-up", {
      rawBody: new URLSearchParams({
        displayName: "Ines Inline",
        email,
        password: "a calm harbour at dusk",
        redirectTo: bookPath(11, 13),
      }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    // The same answer whether or not the address has an account: a mail went out.
    expect(signedUp.status).toBe(200);
    expect(signedUp.text).toContain("We have sent a message to");
    const mail = await getPool().query<{ body: string }>(
      `SELECT body FROM mail_outbox WHERE to_address = $1 ORDER BY id DESC LIMIT 1`,
      [email],
    );
    const link = new URL(/https?:\/\/\S+\/sign-up\/\S+/.exec(mail.rows[0].body)![0]);
    const confirm = await call("GET", link.pathname);
    expect(confirm.text).toContain("Create my account");
    const created = await call("POST", link.pathname, {
      rawBody: "",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(created.status).toBe(302);
    expect(created.headers.get("location")).toBe(bookPath(11, 13));
    // Signed in, the stay is there to book.
    const signedIn = /hotel_session=[^;]+/.exec(created.headers.get("set-cookie") ?? "")![0];
    const book = await call("GET", bookPath(11, 13), { headers: { cookie: signedIn } });
    expect(book.text).toContain("Confirm booking");
    // A mistake keeps the way back.
    const weak = await call("POST", "/sign-up", {
      rawBody: new URLSearchParams({
        displayName: "Ines",
        email: `x${email}`,
        password: "short",
        redirectTo: bookPath(11, 13),
      }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(weak.status).toBe(422);
    expect(weak.text).toContain(`name="redirectTo" value="${bookPath(11, 13).replaceAll("&", "&amp;")}"`);
  });

  it("books once however often the form is sent, then shows the booking and a calendar file", async () => {
    const page = await call("GET", bookPath(20, 23), { headers: { cookie } });
    expect(page.text).toContain("Confirm booking");
    expect(page.text).toMatch(/free cancellation/);
    const fields = {
      ...formFields(page.text),
      fullName: "Pat Portal",
      email: "pat@example.org",
      phone: "+351 900 000 000",
    };
    const action = actionOf(page.text);
    const [first, second] = await Promise.all([call("POST", action, form(fields)), call("POST", action, form(fields))]);
    expect(first.status).toBe(302);
    expect(second.headers.get("location")).toBe(first.headers.get("location"));
    const reference = /\/bookings\/([A-Z0-9-]+)\?new=1/.exec(first.headers.get("location")!)![1];
    const { rows } = await getPool().query(`SELECT count(*)::int AS n FROM bookings WHERE property_id = $1`, [
      hotel.propertyId,
    ]);
    expect(rows[0].n).toBe(1);

    const confirmation = await call("GET", `/bookings/${reference}?new=1`, { headers: { cookie } });
    expect(confirmation.text).toContain(`Booked! Your reference is ${reference}`);
    expect(confirmation.text).toContain("€300.00");
    const ics = await call("GET", `/bookings/${reference}/calendar.ics`, { headers: { cookie } });
    expect(ics.headers.get("content-type")).toMatch(/^text\/calendar/);
    expect(ics.text).toContain(`DTSTART;VALUE=DATE:${hotel.day(20).replaceAll("-", "")}`);
    expect(ics.text).toContain(`DTEND;VALUE=DATE:${hotel.day(23).replaceAll("-", "")}`);
    expect(ics.text).toMatch(/^BEGIN:VCALENDAR\r\n/);

    const mine = await call("GET", "/bookings", { headers: { cookie } });
    expect(mine.text).toContain(reference);
  });

  it("keeps what the guest typed and says what is wrong", async () => {
    const page = await call("GET", bookPath(30, 31), { headers: { cookie } });
    const response = await call(
      "POST",
      actionOf(page.text),
      form({ ...formFields(page.text), fullName: "", email: "not-an-email" }),
    );
    expect(response.status).toBe(422);
    expect(response.text).toContain("This is required.");
    expect(response.text).toContain("Enter an email address like name@example.com.");
    expect(response.text).toContain('value="not-an-email"');
  });

  it("says sold out when the last room went meanwhile", async () => {
    const pageA = await call("GET", bookPath(40, 41), { headers: { cookie } });
    const pageB = await call("GET", bookPath(40, 41), { headers: { cookie } });
    const pageC = await call("GET", bookPath(40, 41), { headers: { cookie } });
    const details = { fullName: "Sam", email: "sam@example.org" };
    expect((await call("POST", actionOf(pageA.text), form({ ...formFields(pageA.text), ...details }))).status).toBe(
      302,
    );
    expect((await call("POST", actionOf(pageB.text), form({ ...formFields(pageB.text), ...details }))).status).toBe(
      302,
    );
    const soldOut = await call("POST", actionOf(pageC.text), form({ ...formFields(pageC.text), ...details }));
    expect(soldOut.status).toBe(409);
    expect(soldOut.text).toContain("No room of this type is free for these dates.");
  });

  it("cancels only after the guest confirms", async () => {
    const reference = await bookThroughForm(50, 52, { fullName: "Cal Cancel", email: "cal@example.org" });
    const ask = await call("GET", `/bookings/${reference}/cancel`, { headers: { cookie } });
    expect(ask.text).toContain(`Cancel booking ${reference}`);
    const { rows: before } = await getPool().query(
      `SELECT status FROM reservations x JOIN bookings b ON b.id = x.booking_id WHERE b.reference = $1`,
      [reference],
    );
    expect(before[0].status).toBe("confirmed");
    const done = await call("POST", `/bookings/${reference}/cancel`, form({}));
    expect(done.headers.get("location")).toBe(`/bookings/${reference}?cancelled=1`);
    const after = await call("GET", `/bookings/${reference}?cancelled=1`, { headers: { cookie } });
    expect(after.text).toContain("This booking is cancelled.");
    expect(after.text).not.toContain(`/bookings/${reference}/cancel`);
    expect(after.text).not.toContain(`/bookings/${reference}/calendar.ics`);
  });

  it("shows a clerk the guest's booking as a booking, not as the clerk's own", async () => {
    const reference = await bookThroughForm(55, 56, { fullName: "Gus Guest", email: "gus@example.org" });
    const desk = await webCookie(call, await createAccount("front_desk", { propertyIds: [hotel.propertyId] }));
    const seen = await call("GET", `/bookings/${reference}`, { headers: { cookie: desk } });
    expect(seen.status).toBe(200);
    expect(seen.text).toContain('<h1 class="text-3xl font-semibold">Booking</h1>');
    expect(seen.text).not.toContain("Your booking");
    const own = await call("GET", `/bookings/${reference}`, { headers: { cookie } });
    expect(own.text).toContain("Your booking");
  });

  it("names rooms and rates in the guest's language where the hotel wrote them, else in the hotel's words", async () => {
    await getPool().query(`UPDATE room_types SET translations = $2 WHERE id = $1`, [
      hotel.roomTypes.DBL.id,
      { es: { name: "Doble de prueba", description: "Una habitación de prueba, en español." } },
    ]);
    await getPool().query(`UPDATE rate_plans SET translations = $2 WHERE id = $1`, [
      hotel.ratePlanId,
      { es: { name: "Tarifa flexible de prueba" } },
    ]);
    const search = `/?propertyId=${hotel.propertyId}&checkIn=${hotel.day(80)}&checkOut=${hotel.day(81)}&adults=1`;
    const spanish = await call("GET", `${search}&lng=es`);
    expect(spanish.text).toContain("Doble de prueba");
    expect(spanish.text).toContain("Una habitación de prueba, en español.");
    const french = await call("GET", `${search}&lng=fr`);
    expect(french.text).toContain("DBL room");
    expect(french.text).not.toContain("Doble de prueba");
    const book = await call("GET", `${bookPath(80, 81)}&lng=es`, { headers: { cookie } });
    expect(book.text).toContain("Doble de prueba");
    expect(book.text).toContain("Tarifa flexible de prueba");
    const reference = await bookThroughForm(82, 83, { fullName: "Elena Español", email: "elena@example.org" });
    const mine = await call("GET", `/bookings?lng=es`, { headers: { cookie } });
    expect(mine.text).toMatch(new RegExp(`Doble de prueba(<!-- -->)? · (<!-- -->)?${reference}`));
    const booking = await call("GET", `/bookings/${reference}?lng=es`, { headers: { cookie } });
    expect(booking.text).toContain("Doble de prueba");
    const english = await call("GET", `/bookings/${reference}?lng=en`, { headers: { cookie } });
    expect(english.text).toContain("DBL room");
  });

  it("moves a stay to other dates, keeps what was typed on a mistake, and says when the new dates are sold out", async () => {
    const reference = await bookThroughForm(100, 101, { fullName: "Dora Dates", email: "dora@example.org" });
    const page = await call("GET", `/bookings/${reference}`, { headers: { cookie } });
    expect(page.text).toContain(`href="/bookings/${reference}/change"`);
    const ask = await call("GET", `/bookings/${reference}/change`, { headers: { cookie } });
    expect(ask.status).toBe(200);
    expect(ask.text).toContain("Change the dates");
    const post = (fields: Record<string, string>) => call("POST", `/bookings/${reference}/change`, form(fields));

    const wrong = await post({ checkIn: hotel.day(104), checkOut: hotel.day(103) });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain("Departure must be after arrival.");
    expect(wrong.text).toContain(`value="${hotel.day(104)}"`);

    await bookThroughForm(110, 111, { fullName: "Full One", email: "one@example.org" });
    await bookThroughForm(110, 111, { fullName: "Full Two", email: "two@example.org" });
    const soldOut = await post({ checkIn: hotel.day(110), checkOut: hotel.day(111) });
    expect(soldOut.status).toBe(409);
    expect(soldOut.text).toContain("No room of this type is free for these dates.");
    expect(soldOut.text).toContain(`value="${hotel.day(110)}"`);

    const moved = await post({ checkIn: hotel.day(103), checkOut: hotel.day(105) });
    expect(moved.status).toBe(302);
    expect(moved.headers.get("location")).toBe(`/bookings/${reference}?changed=1`);
    const after = await call("GET", `/bookings/${reference}?changed=1`, { headers: { cookie } });
    expect(after.text).toContain("Your new dates are booked.");
    const { rows } = await getPool().query(
      `SELECT x.check_in::text, x.check_out::text FROM reservations x JOIN bookings b ON b.id = x.booking_id
        WHERE b.reference = $1`,
      [reference],
    );
    expect(rows).toEqual([{ check_in: hotel.day(103), check_out: hotel.day(105) }]);
  });

  it("works in Arabic too", async () => {
    const page = await call("GET", `${bookPath(60, 61)}&lng=ar`, { headers: { cookie } });
    expect(page.text).toMatch(/<html lang="ar" dir="rtl">/);
    expect(page.text).toContain("احجز إقامتك");
  });

  it("opens a booking without an account: reference + email → emailed code → the booking", async () => {
    const reference = await bookThroughForm(70, 71, { fullName: "Nora Noaccount", email: "nora@example.org" });
    const plain = (fields: Record<string, string>, headers: Record<string, string> = {}) => ({
      rawBody: new URLSearchParams(fields).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    });
    // A wrong email gets the same answer and no mail.
    const wrong = await call("POST", "/manage", plain({ intent: "send", reference, email: "someone@else.org" }));
    expect(wrong.text).toContain("we have emailed a 6-digit code");
    const asked = await call(
      "POST",
      "/manage",
      plain({ intent: "send", reference: reference.toLowerCase(), email: "NORA@example.org" }),
    );
    expect(asked.status).toBe(200);
    const { rows } = await getPool().query(`SELECT to_address, body FROM mail_outbox WHERE body LIKE $1 ORDER BY id`, [
      `%${reference}%`,
    ]);
    expect(rows.map((row) => row.to_address)).toEqual(["nora@example.org"]);
    const code = /\b(\d{6})\b/.exec(rows[0].body)![1];
    const wrongCode = await call(
      "POST",
      "/manage",
      plain({ intent: "verify", reference, code: code === "000000" ? "111111" : "000000" }),
    );
    expect(wrongCode.status).toBe(422);
    const opened = await call("POST", "/manage", plain({ intent: "verify", reference, code }));
    expect(opened.status).toBe(302);
    const grant = /booking_access=[^;]+/.exec(opened.headers.get("set-cookie")!)![0];
    const view = await call("GET", `/manage/${reference}`, { headers: { cookie: grant } });
    expect(view.status).toBe(200);
    expect(view.text).toContain(reference);
    // The code works once; the grant opens only that booking.
    expect((await call("POST", "/manage", plain({ intent: "verify", reference, code }))).status).toBe(422);
    expect((await call("GET", `/manage/${reference}`)).status).toBe(302);
    const otherPage = await call("GET", bookPath(72, 73), { headers: { cookie } });
    const other = await call(
      "POST",
      actionOf(otherPage.text),
      form({ ...formFields(otherPage.text), fullName: "X", email: "x@example.org" }),
    );
    const otherReference = /\/bookings\/([A-Z0-9-]+)/.exec(other.headers.get("location")!)![1];
    expect(otherReference).not.toBe(reference);
    expect((await call("GET", `/manage/${otherReference}`, { headers: { cookie: grant } })).status).toBe(302);
  });
});
