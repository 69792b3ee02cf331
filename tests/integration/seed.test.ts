// The demo seed holds what the README promises: one hotel with its room
// types, rooms (some accessible, one out of order), 18 months of prices,
// a few hundred reservations in every state, and one account per role.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { getPool } from "../../db/pool.server";
import { seedDemo } from "../../launcher/seed";
import { FALLBACK_LANGUAGE, SUPPORTED_LANGUAGES } from "~/i18n/config";

const query = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) =>
  (await getPool().query(sql, params)).rows as T[];

beforeAll(async () => {
  expect(await seedDemo(process.env.DATABASE_OWNER_URL!)).toBe(true);
}, 120_000);

describe("the demo seed", () => {
  it("runs once: a second run finds the hotel and changes nothing", async () => {
    const [before] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM reservations`);
    expect(await seedDemo(process.env.DATABASE_OWNER_URL!)).toBe(false);
    const [after] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM reservations`);
    expect(after.n).toBe(before.n);
  });

  it("illustrates every room type with a drawn photo, stored in every width and described in every language", async () => {
    const photos = await query<{ room_type_id: string; alt: Record<string, string>; widths: number[]; id: string }>(
      `SELECT rt.id AS room_type_id, ph.id, ph.alt, ph.widths
         FROM room_types rt LEFT JOIN room_type_photos ph ON ph.room_type_id = rt.id`,
    );
    for (const photo of photos) {
      expect(photo.id, photo.room_type_id).not.toBeNull();
      expect(Object.keys(photo.alt).sort()).toEqual([...SUPPORTED_LANGUAGES].sort());
      expect(photo.widths).toEqual([400, 800, 1200, 1600]);
      for (const width of photo.widths) {
        expect(fs.existsSync(path.join(process.env.HOTEL_MEDIA_DIR!, `room-types/${photo.id}-${width}.webp`))).toBe(
          true,
        );
      }
    }
  });

  it("has at least 4 room types and 40 rooms, some of them accessible", async () => {
    const [counts] = await query<{ types: number; rooms: number; accessible: number }>(
      `SELECT (SELECT count(*)::int FROM room_types) AS types, count(*)::int AS rooms,
              count(*) FILTER (WHERE cardinality(accessibility) > 0)::int AS accessible
         FROM rooms`,
    );
    expect(counts.types).toBeGreaterThanOrEqual(4);
    expect(counts.rooms).toBeGreaterThanOrEqual(40);
    expect(counts.accessible).toBeGreaterThan(0);
    expect(counts.accessible).toBeLessThan(counts.rooms);
  });

  it("takes exactly one room out of order, with nobody booked into it from today on", async () => {
    const rooms = await query<{ id: string; booked: number }>(
      `SELECT r.id, (SELECT count(*)::int FROM reservations x
                      WHERE x.room_id = r.id AND x.check_out > (now() AT TIME ZONE p.time_zone)::date
                        AND x.status IN ('held', 'confirmed', 'checked_in')) AS booked
         FROM rooms r JOIN properties p ON p.id = r.property_id WHERE r.out_of_order`,
    );
    expect(rooms).toHaveLength(1);
    expect(rooms[0].booked).toBe(0);
  });

  it("prices every room type every night for the next 18 months", async () => {
    const rows = await query<{ nights: number }>(
      `SELECT count(DISTINCT c.night)::int AS nights FROM room_types t
         JOIN rate_calendar c ON c.room_type_id = t.id
        WHERE c.night >= current_date AND c.night < current_date + interval '18 months'
        GROUP BY t.id`,
    );
    const [types] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM room_types`);
    expect(rows).toHaveLength(types.n);
    for (const row of rows) expect(row.nights).toBeGreaterThanOrEqual(540);
  });

  it("holds a few hundred reservations in every state, none made in the future", async () => {
    const states = await query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM reservations GROUP BY status`,
    );
    const total = states.reduce((sum, row) => sum + row.n, 0);
    expect(total).toBeGreaterThanOrEqual(200);
    expect(states.map((row) => row.status).sort()).toEqual(
      ["cancelled", "checked_in", "checked_out", "confirmed", "no_show"].sort(),
    );
    const [future] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM bookings WHERE created_at > now()`);
    expect(future.n).toBe(0);
  });

  it("names and describes every room type and rate plan in every language the site speaks", async () => {
    const others = SUPPORTED_LANGUAGES.filter((language) => language !== FALLBACK_LANGUAGE);
    const rows = await query<{ kind: string; translations: Record<string, { name?: string; description?: string }> }>(
      `SELECT 'room type' AS kind, translations FROM room_types UNION ALL SELECT 'rate plan', translations FROM rate_plans`,
    );
    for (const row of rows) {
      for (const language of others) {
        expect(row.translations[language]?.name, `${row.kind} in ${language}`).toBeTruthy();
        if (row.kind === "room type") expect(row.translations[language]?.description).toBeTruthy();
      }
    }
  });

  it("creates one demo account per role, staff with the README's second factor usable more than once", async () => {
    const roles = await query<{ role: string; reuse: boolean }>(
      `SELECT role, totp_reuse_allowed AS reuse FROM accounts ORDER BY role`,
    );
    expect(roles.map((row) => row.role)).toEqual(["admin", "auditor", "front_desk", "guest", "manager"]);
    expect(roles.filter((row) => row.reuse).map((row) => row.role)).toEqual([
      "admin",
      "auditor",
      "front_desk",
      "manager",
    ]);
  });
});
