// What a manager sets about the property itself (issue 11): its name,
// address, clock (time zone, check-in and check-out times), currency, the
// desk's hold duration, the city tax and VAT, and how guests reach it. One
// SERIALIZABLE, audited transaction per change; bookings already made keep
// their price and currency.
import { currentTxid } from "./booking.server";
import { audit, changesOf } from "./setup.server";
import type { PropertySettingsChange } from "./schemas";
import { DomainError } from "~/domain/errors";
import { getPool, withSerializableTx, type Actor, type Tx } from "../../db/pool.server";

export type PropertySettings = {
  id: string;
  name: string;
  address: string | null;
  timeZone: string;
  currency: string;
  checkInTime: string;
  checkOutTime: string;
  holdMinutes: number;
  cityTax: { perAdultNight: number; maxNights: number | null };
  vat: { percent: number; included: boolean };
  contact: { email: string | null; phone: string | null };
};

const SETTINGS_JSON = `json_build_object('id', p.id, 'name', p.name, 'address', p.address, 'timeZone', p.time_zone,
  'currency', p.currency, 'checkInTime', to_char(p.check_in_time, 'HH24:MI'),
  'checkOutTime', to_char(p.check_out_time, 'HH24:MI'), 'holdMinutes', p.hold_minutes,
  'cityTax', json_build_object('perAdultNight', p.city_tax_per_adult_night, 'maxNights', p.city_tax_max_nights),
  'vat', json_build_object('percent', p.vat_percent, 'included', p.vat_included),
  'contact', json_build_object('email', p.contact_email, 'phone', p.contact_phone))`;

async function readSettings(tx: Pick<Tx, "query">, propertyId: string, lock = false) {
  const { rows } = await tx.query<{ settings: PropertySettings }>(
    `SELECT ${SETTINGS_JSON} AS settings FROM properties p WHERE p.id = $1 ${lock ? "FOR UPDATE" : ""}`,
    [propertyId],
  );
  if (!rows[0]) throw new DomainError("not_found", "No such property.", {});
  return rows[0].settings;
}

export function readPropertySettings(propertyId: string): Promise<PropertySettings> {
  return readSettings(getPool(), propertyId);
}

/** The fields given change. A currency changes only while the property has no booking in the old one. */
export async function changePropertySettings(
  propertyId: string,
  change: PropertySettingsChange,
  actor: Actor,
): Promise<{ property: PropertySettings; txid: string }> {
  return withSerializableTx({ actor, label: "setup" }, async (tx) => {
    const before = await readSettings(tx, propertyId, true);
    const { rows: facts } = await tx.query<{ zone_known: boolean; booked: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_timezone_names WHERE name = $2) AS zone_known,
              EXISTS (SELECT 1 FROM bookings WHERE property_id = $1) AS booked`,
      [propertyId, change.timeZone ?? before.timeZone],
    );
    if (!facts[0].zone_known) {
      throw new DomainError("invalid_setting", "The database does not know this time zone.", { field: "timeZone" });
    }
    if (change.currency !== undefined && change.currency !== before.currency && facts[0].booked) {
      throw new DomainError("invalid_setting", "Bookings were made in the current currency; it cannot change now.", {
        field: "currency",
      });
    }
    const given = Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined));
    const after: PropertySettings = { ...before, ...given };
    const { rows } = await tx.query<{ settings: PropertySettings }>(
      `UPDATE properties p
          SET name = $2, address = $3, time_zone = $4, currency = $5, check_in_time = $6::time,
              check_out_time = $7::time, hold_minutes = $8, city_tax_per_adult_night = $9, city_tax_max_nights = $10,
              vat_percent = $11, vat_included = $12, contact_email = $13, contact_phone = $14
        WHERE p.id = $1
       RETURNING ${SETTINGS_JSON} AS settings`,
      [
        propertyId,
        after.name,
        after.address,
        after.timeZone,
        after.currency,
        after.checkInTime,
        after.checkOutTime,
        after.holdMinutes,
        after.cityTax.perAdultNight,
        after.cityTax.maxNights,
        after.vat.percent,
        after.vat.included,
        after.contact.email,
        after.contact.phone,
      ],
    );
    const property = rows[0].settings;
    await audit(tx, {
      action: "property.changed",
      entityType: "property",
      entityId: propertyId,
      propertyId,
      changes: changesOf(given, before, property),
    });
    return { property, txid: await currentTxid(tx) };
  });
}
