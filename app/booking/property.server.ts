// Properties, room types and rate plans: the catalogue that searches and
// bookings refer to.
import type { Cancellation, Payment } from "./rate-plans.server";
import type { Amenity, Bed } from "./room-details";
import { getPool } from "../../db/pool.server";

export type PropertySummary = {
  id: string;
  slug: string;
  name: string;
  timeZone: string;
  currency: string;
  holdMinutes: number;
  checkInTime: string;
  checkOutTime: string;
  address: string | null;
  roomTypes: {
    id: string;
    code: string;
    name: string;
    description: string;
    capacity: number;
    baseRate: number;
    sizeSqm: number | null;
    beds: Bed[];
    amenities: Amenity[];
  }[];
  ratePlans: {
    id: string;
    code: string;
    name: string;
    refundable: boolean;
    cancellationHours: number | null;
    cancellation: Cancellation;
    payment: Payment;
    isDefault: boolean;
  }[];
};

/** Every property, or just one when `propertyId` is given. */
export async function listProperties(propertyId?: string): Promise<PropertySummary[]> {
  const { rows } = await getPool().query<PropertySummary>(
    `SELECT p.id, p.slug, p.name, p.time_zone AS "timeZone", p.currency, p.hold_minutes AS "holdMinutes",
            to_char(p.check_in_time, 'HH24:MI') AS "checkInTime", to_char(p.check_out_time, 'HH24:MI') AS "checkOutTime",
            p.address,
            coalesce((SELECT json_agg(json_build_object('id', rt.id, 'code', rt.code, 'name', rt.name,
                        'description', rt.description, 'capacity', rt.capacity, 'baseRate', rt.base_rate,
                        'sizeSqm', rt.size_sqm, 'beds', rt.beds, 'amenities', rt.amenities)
                      ORDER BY rt.sort_order, rt.name)
                      FROM room_types rt WHERE rt.property_id = p.id), '[]') AS "roomTypes",
            coalesce((SELECT json_agg(json_build_object('id', rp.id, 'code', rp.code, 'name', rp.name,
                        'refundable', rp.refundable, 'cancellationHours', rp.cancellation_hours,
                        'cancellation', rp.cancellation, 'payment', rp.payment,
                        'isDefault', rp.is_default) ORDER BY rp.is_default DESC, rp.name)
                      FROM rate_plans rp WHERE rp.property_id = p.id), '[]') AS "ratePlans"
       FROM properties p
      WHERE $1::uuid IS NULL OR p.id = $1
      ORDER BY p.name`,
    [propertyId ?? null],
  );
  return rows;
}

export type PropertyRules = { id: string; timeZone: string; currency: string; holdMinutes: number };

export async function getPropertyRules(propertyId: string): Promise<PropertyRules | undefined> {
  const { rows } = await getPool().query<PropertyRules>(
    `SELECT id, time_zone AS "timeZone", currency, hold_minutes AS "holdMinutes" FROM properties WHERE id = $1`,
    [propertyId],
  );
  return rows[0];
}

/** The property a room type belongs to. */
export async function propertyOfRoomType(roomTypeId: string): Promise<{ id: string; name: string } | undefined> {
  const { rows } = await getPool().query<{ id: string; name: string }>(
    `SELECT p.id, p.name FROM room_types rt JOIN properties p ON p.id = rt.property_id WHERE rt.id = $1`,
    [roomTypeId],
  );
  return rows[0];
}

/**
 * The properties a staff account looks after, and the one asked for (else
 * the first; undefined when it has none): what the board, the desk, the
 * audit trail and the setup pages are about.
 */
export async function propertyOfAccount(account: { propertyIds: string[] }, requested: string | null) {
  const properties = (await listProperties()).filter((property) => account.propertyIds.includes(property.id));
  const property = properties.find((candidate) => candidate.id === requested) ?? properties[0];
  return { property, properties: properties.map(({ id, name }) => ({ id, name })) };
}
