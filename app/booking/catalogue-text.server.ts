// The hotel's own words about its rooms and rates - room type names and
// descriptions, rate plan names - in the reader's language when the hotel
// has written them in it, else as the hotel wrote them.
import { getPool } from "../../db/pool.server";
import { i18n } from "~/i18n/i18n.server";

type Text = { name?: string; description?: string };

export type CatalogueText = {
  /** The reader's language. */
  locale: string;
  name: (id: string, fallback: string) => string;
  description: (id: string, fallback: string) => string;
};

export async function catalogueText(request: Request): Promise<CatalogueText> {
  const locale = await i18n.getLocale(request);
  const { rows } = await getPool().query<{ id: string; text: Text }>(
    `SELECT id, translations -> $1 AS text FROM room_types WHERE translations ? $1
     UNION ALL
     SELECT id, translations -> $1 FROM rate_plans WHERE translations ? $1`,
    [locale],
  );
  const byId = new Map(rows.map((row) => [row.id, row.text]));
  return {
    locale,
    name: (id, fallback) => byId.get(id)?.name || fallback,
    description: (id, fallback) => byId.get(id)?.description || fallback,
  };
}

/** A room type of a search, with its rate plans, in the reader's words. */
export function localizeRoomType<
  T extends { id: string; name: string; description: string; ratePlans: P[] },
  P extends { ratePlanId: string; name: string },
>(type: T, text: CatalogueText): T {
  return {
    ...type,
    name: text.name(type.id, type.name),
    description: text.description(type.id, type.description),
    ratePlans: type.ratePlans.map((plan) => ({ ...plan, name: text.name(plan.ratePlanId, plan.name) })),
  };
}

/** A booking's room type names in the reader's words. */
export function localizeBooking<B extends { reservations: { roomTypeId: string; roomTypeName: string }[] }>(
  booking: B,
  text: CatalogueText,
): B {
  return {
    ...booking,
    reservations: booking.reservations.map((r) => ({ ...r, roomTypeName: text.name(r.roomTypeId, r.roomTypeName) })),
  };
}
