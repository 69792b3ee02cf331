// The demo hotel: one property, five room types, 44 rooms (some accessible),
// two rate plans priced 18 months ahead, several hundred realistic
// reservations around today, and one demo account per role. Demo data only:
// nothing here runs unless the demo seed is asked for.
import pg from "pg";
import { hashPassword } from "../app/auth/password.server";
import { insertAccount } from "../app/auth/identity.server";
import { sealTotpSecret } from "../app/auth/totp.server";
import { sealGuest } from "../app/booking/guests.server";
import { addDays, todayIn } from "../app/booking/dates";
import { newReference } from "../app/booking/booking.server";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET } from "./demo";
import { demoPhotos } from "./demo-photos";

const PROPERTY = {
  slug: "harbour-light",
  name: "Harbour Light Hotel",
  timeZone: "Europe/Lisbon",
  currency: "EUR",
  address: "Rua do Cais 12, 1200-109 Lisboa, Portugal",
};

const ROOM_TYPES = [
  {
    code: "CLASSIC",
    sizeSqm: 18,
    beds: [{ type: "queen", count: 1 }],
    amenities: ["wifi", "air_conditioning", "tv", "desk", "rain_shower", "hairdryer", "safe"],
    translations: {
      es: {
        name: "Doble clásica",
        description: "Una habitación doble tranquila con vistas al patio, cama queen, ducha de lluvia y escritorio.",
      },
      fr: {
        name: "Double classique",
        description: "Une chambre double calme côté cour, avec lit queen size, douche à effet pluie et bureau.",
      },
      de: {
        name: "Klassisches Doppelzimmer",
        description: "Ein ruhiges Doppelzimmer zum Innenhof mit Queensize-Bett, Regendusche und Schreibtisch.",
      },
      ar: { name: "غرفة مزدوجة كلاسيكية", description: "غرفة مزدوجة هادئة تطل على الفناء، بسرير كوين ودش مطري ومكتب." },
    },
    name: "Classic Double",
    capacity: 2,
    baseRate: 12900,
    rooms: 14,
    description: "A quiet double room facing the courtyard, with a queen bed, rain shower and work desk.",
  },
  {
    code: "TWIN",
    sizeSqm: 20,
    beds: [{ type: "single", count: 2 }],
    amenities: ["wifi", "air_conditioning", "tv", "desk", "hairdryer", "safe", "city_view"],
    translations: {
      es: {
        name: "Habitación con dos camas",
        description: "Dos camas individuales, una ventana luminosa sobre el casco antiguo y ducha a ras de suelo.",
      },
      fr: {
        name: "Chambre à deux lits",
        description: "Deux lits simples, une fenêtre lumineuse sur la vieille ville et une douche à l’italienne.",
      },
      de: {
        name: "Zweibettzimmer",
        description: "Zwei Einzelbetten, ein helles Fenster zur Altstadt und eine ebenerdige Dusche.",
      },
      ar: { name: "غرفة بسريرين", description: "سريران منفردان ونافذة مشرقة تطل على البلدة القديمة ودش بلا عتبة." },
    },
    name: "Twin Room",
    capacity: 2,
    baseRate: 13900,
    rooms: 10,
    description: "Two single beds, a bright window over the old town and a walk-in shower.",
  },
  {
    code: "SUPERIOR",
    sizeSqm: 26,
    beds: [{ type: "king", count: 1 }],
    amenities: ["wifi", "air_conditioning", "tv", "minibar", "coffee_machine", "balcony", "river_view", "safe"],
    translations: {
      es: {
        name: "Superior con cama king",
        description: "Cama king, vistas al puerto y un rincón para sentarse; bañera y ducha independiente.",
      },
      fr: {
        name: "Supérieure lit king size",
        description: "Un lit king size, vue sur le port et un coin salon ; baignoire et douche séparée.",
      },
      de: {
        name: "Superior mit Kingsize-Bett",
        description: "Ein Kingsize-Bett, Hafenblick und eine Sitzecke; Badewanne und separate Dusche.",
      },
      ar: {
        name: "غرفة سوبيريور بسرير كينغ",
        description: "سرير كينغ وإطلالة على الميناء وركن للجلوس؛ حوض استحمام ودش منفصل.",
      },
    },
    name: "Superior King",
    capacity: 2,
    baseRate: 17900,
    rooms: 10,
    description: "A king bed, harbour views and a seating corner; bath and separate shower.",
  },
  {
    code: "FAMILY",
    sizeSqm: 34,
    beds: [
      { type: "queen", count: 1 },
      { type: "sofa_bed", count: 1 },
    ],
    amenities: ["wifi", "air_conditioning", "heating", "tv", "kettle", "bathtub", "hairdryer", "safe"],
    translations: {
      es: {
        name: "Habitación familiar",
        description: "Una cama doble y dos individuales en una alcoba, para familias de hasta cuatro personas.",
      },
      fr: {
        name: "Chambre familiale",
        description: "Un lit double et deux lits simples dans une alcôve, pour les familles jusqu’à quatre personnes.",
      },
      de: {
        name: "Familienzimmer",
        description: "Ein Doppelbett und zwei Einzelbetten in einem Alkoven, für Familien mit bis zu vier Personen.",
      },
      ar: { name: "غرفة عائلية", description: "سرير مزدوج وسريران منفردان في كوّة، للعائلات حتى أربعة أشخاص." },
    },
    name: "Family Room",
    capacity: 4,
    baseRate: 22900,
    rooms: 6,
    description: "A double bed and two singles in an alcove, for families of up to four.",
  },
  {
    code: "SUITE",
    sizeSqm: 48,
    beds: [{ type: "king", count: 1 }],
    amenities: [
      "wifi",
      "air_conditioning",
      "tv",
      "minibar",
      "coffee_machine",
      "bathtub",
      "balcony",
      "river_view",
      "safe",
      "desk",
    ],
    translations: {
      es: {
        name: "Suite del puerto",
        description: "Salón independiente con sofá cama, dormitorio con cama king y balcón sobre el agua.",
      },
      fr: {
        name: "Suite du port",
        description: "Un salon séparé avec canapé-lit, une chambre avec lit king size et un balcon sur l’eau.",
      },
      de: {
        name: "Hafensuite",
        description:
          "Ein separates Wohnzimmer mit Schlafsofa, ein Schlafzimmer mit Kingsize-Bett und ein Balkon über dem Wasser.",
      },
      ar: {
        name: "جناح الميناء",
        description: "غرفة معيشة منفصلة بأريكة سرير، وغرفة نوم بسرير كينغ، وشرفة تطل على الماء.",
      },
    },
    name: "Harbour Suite",
    capacity: 3,
    baseRate: 34900,
    rooms: 4,
    description: "A separate living room with a sofa bed, a king bedroom and a balcony over the water.",
  },
];

// Accessible rooms by type (room index within the type -> features).
const ACCESSIBLE: Record<string, string[][]> = {
  CLASSIC: [
    ["step_free", "roll_in_shower", "grab_bars", "visual_alarm", "lowered_fixtures", "wide_doorways"],
    ["step_free", "hearing_kit", "visual_alarm"],
  ],
  TWIN: [["step_free", "roll_in_shower", "grab_bars", "wide_doorways"]],
  SUPERIOR: [["step_free", "hearing_kit", "visual_alarm", "wide_doorways"]],
  FAMILY: [["step_free", "roll_in_shower", "grab_bars", "wide_doorways", "visual_alarm"]],
  SUITE: [["hearing_kit", "visual_alarm"]],
};

const FIRST_NAMES = [
  "Ana",
  "João",
  "Marta",
  "Liam",
  "Sofia",
  "Yusuf",
  "Chen",
  "Amara",
  "Lukas",
  "Inès",
  "Omar",
  "Priya",
  "Mateo",
  "Hana",
  "Elena",
  "Kofi",
  "Noah",
  "Leila",
  "Tomás",
  "Freya",
  "Aiko",
  "Rafael",
  "Zara",
  "Ivan",
];
const LAST_NAMES = [
  "Silva",
  "Costa",
  "Müller",
  "Dubois",
  "García",
  "Haddad",
  "Nakamura",
  "Okafor",
  "Rossi",
  "Kowalski",
  "Andersson",
  "Patel",
  "Santos",
  "Martin",
  "Nguyen",
  "Fernández",
  "Schmidt",
  "Al-Masri",
  "Byrne",
];

/** A small deterministic generator, so every fresh demo holds the same story. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The flexible rate: base rate shaped by season and weekday, rounded to whole units. */
export function demoNightlyRate(baseRate: number, night: string): number {
  const date = new Date(`${night}T00:00:00Z`);
  const month = date.getUTCMonth() + 1;
  const day = date.getUTCDate();
  const weekday = date.getUTCDay();
  let factor = 1;
  if (month >= 6 && month <= 9) factor *= 1.25;
  if (month <= 2) factor *= 0.9;
  if ((month === 12 && day >= 20) || (month === 1 && day <= 2)) factor *= 1.3;
  if (weekday === 5 || weekday === 6) factor *= 1.15;
  return Math.round((baseRate * factor) / 100) * 100;
}

export async function seedDemo(databaseUrl: string, log: (line: string) => void = () => {}): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM properties WHERE slug = $1", [PROPERTY.slug]);
    if (rowCount) return false;
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await client.query("BEGIN");
    await client.query(`SELECT hotel_act_as(NULL, 'system:demo-seed', 'system')`);
    await seed(client, passwordHash, log);
    await client.query("COMMIT");
    // Fresh statistics, so the planner uses the allocation indexes from the first booking.
    await client.query("ANALYZE");
    return true;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

async function seed(client: pg.Client, passwordHash: string, log: (line: string) => void) {
  const rand = random(2026);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)];
  const today = todayIn(PROPERTY.timeZone);

  const {
    rows: [property],
  } = await client.query<{ id: string }>(
    // Lisbon's city tax: 4 € per adult and night, for at most 7 nights; 6 % VAT included in room prices.
    `INSERT INTO properties (slug, name, time_zone, currency, hold_minutes, address, city_tax_per_adult_night,
                             city_tax_max_nights, vat_percent, vat_included, contact_email, contact_phone)
     VALUES ($1, $2, $3, $4, 10, $5, 400, 7, 6, true, 'stay@example.com', '+351 21 000 0000') RETURNING id`,
    [PROPERTY.slug, PROPERTY.name, PROPERTY.timeZone, PROPERTY.currency, PROPERTY.address],
  );

  const { rows: plans } = await client.query<{ id: string; code: string }>(
    `INSERT INTO rate_plans (property_id, code, name, refundable, cancellation, cancellation_hours, payment, is_default,
                             translations) VALUES
       ($1, 'FLEX', 'Flexible', true, 'free_until', 48, 'at_arrival', true, $2),
       ($1, 'SAVER', 'Advance saver (non-refundable)', false, 'non_refundable', NULL, 'at_booking', false, $3)
     RETURNING id, code`,
    [
      property.id,
      { es: { name: "Flexible" }, fr: { name: "Flexible" }, de: { name: "Flexibel" }, ar: { name: "مرن" } },
      {
        es: { name: "Ahorro anticipado (no reembolsable)" },
        fr: { name: "Réservation anticipée (non remboursable)" },
        de: { name: "Frühbucher (nicht erstattbar)" },
        ar: { name: "حجز مبكر موفّر (غير قابل للاسترداد)" },
      },
    ],
  );
  const flex = plans.find((p) => p.code === "FLEX")!.id;
  const saver = plans.find((p) => p.code === "SAVER")!.id;

  const nights: string[] = [];
  for (let i = -60; i < 548; i++) nights.push(addDays(today, i));

  const types: { id: string; code: string; baseRate: number }[] = [];
  const rooms: { id: string; typeId: string; accessible: boolean; floor: number }[] = [];
  let slot = 0;
  const illustrated: Parameters<typeof demoPhotos>[0] = [];
  for (const [order, type] of ROOM_TYPES.entries()) {
    const {
      rows: [created],
    } = await client.query<{ id: string }>(
      `INSERT INTO room_types (property_id, code, name, description, capacity, base_rate, sort_order, translations,
                               size_sqm, beds, amenities)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [
        property.id,
        type.code,
        type.name,
        type.description,
        type.capacity,
        type.baseRate,
        order,
        type.translations,
        type.sizeSqm,
        JSON.stringify(type.beds),
        type.amenities,
      ],
    );
    types.push({ id: created.id, code: type.code, baseRate: type.baseRate });
    illustrated.push({ ...type, id: created.id });
    const features = ACCESSIBLE[type.code] ?? [];
    for (let i = 0; i < type.rooms; i++) {
      // Accessible rooms sit on the ground floor, next to the lift.
      const accessibility = features[i] ?? [];
      const floor = accessibility.length ? 1 : 2 + (slot++ % 4);
      const number = `${floor}${String(10 + rooms.length).padStart(2, "0")}`;
      const {
        rows: [room],
      } = await client.query<{ id: string }>(
        `INSERT INTO rooms (property_id, room_type_id, number, floor, accessibility) VALUES ($1, $2, $3, $4, $5)
         RETURNING id`,
        [property.id, created.id, number, floor, accessibility],
      );
      rooms.push({ id: room.id, typeId: created.id, accessible: accessibility.length > 0, floor });
    }
    const prices = nights.map((night) => demoNightlyRate(type.baseRate, night));
    await client.query(
      `INSERT INTO rate_calendar (rate_plan_id, room_type_id, night, price)
       SELECT $1::uuid, $3::uuid, night, price FROM unnest($4::date[], $5::bigint[]) AS t(night, price)
       UNION ALL
       SELECT $2::uuid, $3::uuid, night, round(price * 0.88 / 100) * 100 FROM unnest($4::date[], $5::bigint[]) AS t(night, price)`,
      [flex, saver, created.id, nights, prices],
    );
  }

  // Each room type's illustration (files first; the rows in this transaction).
  const photos = await demoPhotos(illustrated);
  await client.query(
    `INSERT INTO room_type_photos (id, room_type_id, alt, widths, aspect)
     SELECT id, room_type_id, alt, widths, aspect
       FROM jsonb_to_recordset($1::jsonb) AS p(id uuid, room_type_id uuid, alt jsonb, widths integer[], aspect numeric)`,
    [JSON.stringify(photos.map((photo) => ({ ...photo, room_type_id: photo.roomTypeId })))],
  );

  const accountIds: Record<string, string> = {};
  for (const account of DEMO_ACCOUNTS) {
    const id = `demo-${account.role.replace("_", "-")}`;
    accountIds[account.role] = id;
    const staff = account.role !== "guest";
    await insertAccount(client, {
      id,
      email: account.email,
      displayName: account.name,
      passwordHash,
      role: account.role,
      totpSecretEnc: staff ? sealTotpSecret(id, DEMO_TOTP_SECRET) : null,
    });
    if (account.role !== "guest") {
      await client.query(`INSERT INTO account_properties (account_id, property_id) VALUES ($1, $2)`, [id, property.id]);
      // Their secret is in the README: a code used once stays usable for its 30 seconds.
      await client.query(`UPDATE accounts SET totp_reuse_allowed = true WHERE id = $1`, [id]);
    }
  }

  // Each room's timeline from two weeks ago to ten weeks ahead: stays
  // of 1-7 nights with gaps that widen with lead time, as bookings thin out.
  type Stay = { room: (typeof rooms)[number]; checkIn: string; checkOut: string; status: string };
  const stays: Stay[] = [];
  // One room on the top floor is out of order: it had guests until recently, and none from today on.
  const outOfOrder = rooms.find((room) => room.floor === 5)!;
  for (const room of rooms) {
    let offset = -14 - Math.floor(rand() * 4);
    while (offset < 75) {
      const lead = Math.max(0, offset);
      offset += Math.floor(rand() * (1 + lead / 3)) + (rand() < 0.4 ? 1 : 0);
      // Accessible rooms are held back for guests who need them, so they fill less.
      if (room.accessible && rand() < 0.4) offset += 3;
      const length = 1 + Math.floor(rand() * rand() * 8);
      const checkIn = addDays(today, offset);
      const checkOut = addDays(today, offset + length);
      offset += length;
      if (offset > 75 || (room === outOfOrder && checkOut > today)) break;
      const roll = rand();
      let status: string;
      if (checkOut <= today) status = roll < 0.04 ? "no_show" : roll < 0.1 ? "cancelled" : "checked_out";
      else if (checkIn <= today) status = checkIn === today && roll < 0.5 ? "confirmed" : "checked_in";
      else status = roll < 0.1 ? "cancelled" : "confirmed";
      stays.push({ room, checkIn, checkOut, status });
    }
  }

  const guestStays = new Set<number>();
  for (const wanted of [(s: Stay) => s.status === "checked_out", (s: Stay) => s.status === "confirmed"]) {
    const index = stays.findIndex((s, i) => wanted(s) && !guestStays.has(i) && !s.room.accessible);
    if (index >= 0) guestStays.add(index);
  }
  const laterIndex = stays.findLastIndex((s) => s.status === "confirmed" && !s.room.accessible);
  if (laterIndex >= 0) guestStays.add(laterIndex);

  const typeById = new Map(types.map((t) => [t.id, t]));
  const columns = {
    reference: [] as string[],
    channel: [] as string[],
    account: [] as (string | null)[],
    guestName: [] as string[],
    email: [] as string[],
    createdAt: [] as string[],
    typeId: [] as string[],
    roomId: [] as string[],
    plan: [] as string[],
    checkIn: [] as string[],
    checkOut: [] as string[],
    adults: [] as number[],
    price: [] as number[],
  };
  stays.forEach((stay, index) => {
    const type = typeById.get(stay.room.typeId)!;
    const capacity = ROOM_TYPES.find((t) => t.code === type.code)!.capacity;
    const isDemoGuest = guestStays.has(index);
    const first = pick(FIRST_NAMES);
    const last = pick(LAST_NAMES);
    const plan = rand() < 0.3 ? saver : flex;
    let price = 0;
    for (let night = stay.checkIn; night < stay.checkOut; night = addDays(night, 1)) {
      const rate = demoNightlyRate(type.baseRate, night);
      price += plan === saver ? Math.round((rate * 0.88) / 100) * 100 : rate;
    }
    const leadDays = 1 + Math.floor(rand() * 60);
    columns.reference.push(newReference());
    columns.channel.push(isDemoGuest ? "online" : rand() < 0.55 ? "online" : rand() < 0.55 ? "ota" : "front_desk");
    columns.account.push(isDemoGuest ? accountIds.guest : null);
    columns.guestName.push(isDemoGuest ? "Grace Guest" : `${first} ${last}`);
    columns.email.push(isDemoGuest ? "guest@example.com" : `${first}.${last}@example.net`.toLowerCase());
    // Booked before arrival and never in the future; a few were made earlier today.
    const booked = addDays(stay.checkIn, -leadDays);
    const madeToday = rand() < 0.03;
    columns.createdAt.push(
      madeToday
        ? new Date(Date.now() - Math.floor(rand() * 6 * 3_600_000)).toISOString()
        : `${booked < today ? booked : addDays(today, -(1 + Math.floor(rand() * 30)))}T${String(8 + Math.floor(rand() * 12)).padStart(2, "0")}:15:00Z`,
    );
    columns.typeId.push(type.id);
    columns.roomId.push(stay.room.id);
    columns.plan.push(plan);
    columns.checkIn.push(stay.checkIn);
    columns.checkOut.push(stay.checkOut);
    columns.adults.push(1 + Math.floor(rand() * capacity));
    columns.price.push(price);
  });
  // Guest data is sealed like any other guest's: the demo shows what the database really holds.
  const guests = columns.guestName.map((fullName, i) => sealGuest({ fullName, email: columns.email[i] }));

  const { rows: created } = await client.query<{ id: string }>(
    `WITH input AS (
       SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[],
                            $8::uuid[], $9::uuid[], $10::uuid[], $11::date[], $12::date[], $13::int[], $14::bigint[],
                            $15::uuid[], $16::text[])
         AS t(reference, channel, account_id, data_key_enc, pii_enc, created_at,
              room_type_id, room_id, rate_plan_id, check_in, check_out, adults, price, guest_id, email_index)
     ), guest AS (
       INSERT INTO guests (id, account_id, pii_enc, email_index, created_at)
       SELECT guest_id, account_id, pii_enc, email_index, created_at FROM input
       RETURNING id
     ), data_key AS (
       INSERT INTO data_keys (subject, wrapped, created_at)
       SELECT 'guest:' || guest_id, data_key_enc, created_at FROM input
     ), booking AS (
       INSERT INTO bookings (reference, property_id, account_id, guest_id, channel, currency, created_at)
       SELECT i.reference, $1, i.account_id, i.guest_id, i.channel, 'EUR', i.created_at
         FROM input i
       RETURNING id, reference
     )
     INSERT INTO reservations (booking_id, property_id, room_type_id, room_id, rate_plan_id,
                               check_in, check_out, adults, status, price, created_at)
     SELECT b.id, $1, i.room_type_id, i.room_id, i.rate_plan_id, i.check_in, i.check_out, i.adults,
            'confirmed', i.price, i.created_at
       FROM input i JOIN booking b ON b.reference = i.reference
     RETURNING id`,
    [
      property.id,
      columns.reference,
      columns.channel,
      columns.account,
      guests.map((g) => g.dataKeyEnc),
      guests.map((g) => g.piiEnc),
      columns.createdAt,
      columns.typeId,
      columns.roomId,
      columns.plan,
      columns.checkIn,
      columns.checkOut,
      columns.adults,
      columns.price,
      guests.map((g) => g.id),
      guests.map((g) => g.emailIndex),
    ],
  );
  // Walk the reservations through their legal transitions to where they stand today.
  const byStatus = (status: string) => columns.reference.filter((_, i) => stays[i].status === status);
  const move = (status: string, references: string[]) =>
    client.query(
      `UPDATE reservations x SET status = $1::reservation_status FROM bookings b
        WHERE b.id = x.booking_id AND b.reference = ANY($2::text[])`,
      [status, references],
    );
  await move("checked_in", [...byStatus("checked_in"), ...byStatus("checked_out")]);
  await move("checked_out", byStatus("checked_out"));
  await move("cancelled", byStatus("cancelled"));
  await move("no_show", byStatus("no_show"));

  // Rooms whose guests leave today need cleaning; one room is out of order.
  await client.query(
    `UPDATE rooms SET housekeeping_status = 'dirty'
      WHERE id IN (SELECT room_id FROM reservations WHERE check_out = $1 AND status IN ('checked_in', 'checked_out'))`,
    [today],
  );
  await client.query(`UPDATE rooms SET out_of_order = true WHERE id = $1`, [outOfOrder.id]);
  log(
    `seeded ${PROPERTY.name}: ${rooms.length} rooms, ${created.length} reservations, ${DEMO_ACCOUNTS.length} demo accounts`,
  );
}
