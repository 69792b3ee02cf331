// Languages: every locale has every key the code uses, pages come in the
// reader's language (URL, remembered cookie, Accept-Language; Arabic right to
// left), and the API's errors are translated too.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ACCESSIBILITY_FEATURES } from "~/booking/accessibility";
import { SUPPORTED_LANGUAGES } from "~/i18n/config";
import { apiClient, apiToken, createAccount, createProperty, type ApiCall, type Fixture } from "../helpers";

type Tree = { [key: string]: string | Tree };
const locales: Record<string, Tree> = Object.fromEntries(
  SUPPORTED_LANGUAGES.map((lng) => [
    lng,
    JSON.parse(fs.readFileSync(`public/locales/${lng}/common.json`, "utf8")) as Tree,
  ]),
);
const PLURAL = /_(zero|one|two|few|many|other)$/;

function keysOf(tree: Tree, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string" ? [`${prefix}${key}`.replace(PLURAL, "")] : keysOf(value, `${prefix}${key}.`),
  );
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

describe("translations", () => {
  const en = new Set(keysOf(locales.en));
  const namespaces = Object.keys(locales.en);
  const code = sourceFiles("app").map((file) => fs.readFileSync(file, "utf8"));

  it("exist for every key the code names, in every language", () => {
    // Key-shaped strings, except Symbol.for("…") names.
    const literal = new RegExp(`(?<!Symbol\\.for\\()["'\`]((?:${namespaces.join("|")})\\.[A-Za-z0-9_.]+)["'\`]`, "g");
    const used = new Set(code.flatMap((text) => [...text.matchAll(literal)].map((match) => match[1])));
    // Keys built at run time: one per accessibility feature, booking failure and API problem.
    for (const feature of ACCESSIBILITY_FEATURES) used.add(`features.${feature}`);
    for (const text of code) {
      for (const match of text.matchAll(/new DomainError\(\s*"([a-z_]+)"/g)) used.add(`bookingErrors.${match[1]}`);
      for (const match of text.matchAll(/problem\(\{[^}]*?code: "([a-z_]+)"/g)) used.add(`api.${match[1]}`);
    }
    expect(used.size).toBeGreaterThan(50);
    for (const lng of SUPPORTED_LANGUAGES) {
      const have = new Set(keysOf(locales[lng]));
      expect(
        [...used].filter((key) => !have.has(key)),
        `keys missing in ${lng}`,
      ).toEqual([]);
    }
  });

  it("are complete: no language lacks a key that English has, or has one English lacks", () => {
    for (const lng of SUPPORTED_LANGUAGES) {
      const have = new Set(keysOf(locales[lng]));
      expect(
        [...en].filter((key) => !have.has(key)),
        `missing in ${lng}`,
      ).toEqual([]);
      expect(
        [...have].filter((key) => !en.has(key)),
        `unknown in ${lng}`,
      ).toEqual([]);
    }
  });
});

describe("languages on the site", () => {
  let call: ApiCall;
  let hotel: Fixture;
  let token: string;

  beforeAll(async () => {
    call = await apiClient();
    hotel = await createProperty({ DBL: { rooms: 1 } });
    token = await apiToken(call, await createAccount("guest"));
  });

  it("follows the URL, then remembers the choice, else Accept-Language", async () => {
    const arabic = await call("GET", "/?lng=ar");
    expect(arabic.text).toMatch(/<html lang="ar" dir="rtl">/);
    expect(arabic.text).toContain("ابحث عن غرفة");
    const cookie = /lng=[^;]+/.exec(arabic.headers.get("set-cookie") ?? "")![0];
    const remembered = await call("GET", "/sign-in", { headers: { cookie, "accept-language": "de" } });
    expect(remembered.text).toMatch(/<html lang="ar" dir="rtl">/);
    const german = await call("GET", "/", { headers: { "accept-language": "de-CH,de;q=0.9,en;q=0.5" } });
    expect(german.text).toMatch(/<html lang="de" dir="ltr">/);
    expect(german.text).toContain("Zimmer finden");
    const unknown = await call("GET", "/", { headers: { "accept-language": "tlh" } });
    expect(unknown.text).toMatch(/<html lang="en" dir="ltr">/);
  });

  it("translates search errors on the page", async () => {
    const response = await call("GET", `/?lng=fr&checkIn=2027-02-30&checkOut=2027-03-02&adults=2`);
    expect(response.text).toContain("Doit être une date réelle au format AAAA-MM-JJ.");
  });

  it("translates API errors, and says which language it answered in", async () => {
    const invalid = await call(
      "GET",
      `/api/v1/availability?propertyId=${hotel.propertyId}&checkIn=x&checkOut=y&adults=0`,
      {
        headers: { "accept-language": "es" },
      },
    );
    expect(invalid.status).toBe(422);
    expect(invalid.headers.get("content-language")).toBe("es");
    expect(invalid.json.title).toBe("La solicitud tiene campos no válidos.");
    expect(invalid.json.errors).toContainEqual({
      field: "checkIn",
      code: "validation.date",
      message: "Debe ser una fecha real con el formato AAAA-MM-DD.",
    });
    const body = { ...hotel.stay("DBL", 5, 6), channel: undefined };
    await call("POST", "/api/v1/bookings", { token, body, headers: { "idempotency-key": "i18n-1" } });
    const soldOut = await call("POST", "/api/v1/bookings", {
      token,
      body,
      headers: { "idempotency-key": "i18n-2", "accept-language": "ar" },
    });
    expect(soldOut.status).toBe(409);
    expect(soldOut.json.title).toBe("لا توجد غرفة متاحة من هذا النوع في هذه التواريخ.");
    const english = await call("POST", "/api/v1/bookings", { token, body, headers: { "idempotency-key": "i18n-3" } });
    expect(english.json.title).toBe("No room of this type is free for these dates.");
  });
});
