// A property's rate plans, as its managers set them up (issue 11): names in
// the hotel's languages, the cancellation policy, what is paid when, the room
// types a plan is sold for, and derived plans ("Advance saver = Flexible −
// 12 %": the parent's price each night, adjusted; hotel_nightly_prices,
// migration 018). Each change is one SERIALIZABLE, audited transaction; the
// live copy and the portal follow the table through its shape, and bookings
// already made keep their price (it is stored on each reservation).
import { currentTxid } from "./booking.server";
import { audit, changesOf, taken, type Translations } from "./setup.server";
import { DomainError } from "~/domain/errors";
import { getPool, withSerializableTx, type Actor, type Tx } from "../../db/pool.server";

export type Cancellation = "free_until" | "first_night_fee" | "non_refundable";
export type Payment = "at_booking" | "at_arrival" | "first_night_at_booking";

export type RatePlanSetup = {
  id: string;
  code: string;
  name: string;
  translations: Translations;
  cancellation: Cancellation;
  cancellationHours: number | null;
  payment: Payment;
  refundable: boolean;
  roomTypeIds: string[] | null;
  derivedFrom: { ratePlanId: string; percent: number } | null;
  isDefault: boolean;
};

export type RatePlanFields = Omit<RatePlanSetup, "id" | "refundable" | "isDefault"> & { isDefault?: true };

const RATE_PLAN_JSON = `json_build_object('id', rp.id, 'code', rp.code, 'name', rp.name, 'translations', rp.translations,
  'cancellation', rp.cancellation, 'cancellationHours', rp.cancellation_hours, 'payment', rp.payment,
  'refundable', rp.refundable, 'roomTypeIds', rp.room_type_ids,
  'derivedFrom', CASE WHEN rp.derived_from IS NOT NULL
                      THEN json_build_object('ratePlanId', rp.derived_from, 'percent', rp.derived_adjustment) END,
  'isDefault', rp.is_default)`;

export async function listRatePlans(propertyId: string): Promise<RatePlanSetup[]> {
  const { rows } = await getPool().query<{ plan: RatePlanSetup }>(
    `SELECT ${RATE_PLAN_JSON} AS plan FROM rate_plans rp WHERE rp.property_id = $1 ORDER BY rp.is_default DESC, rp.name`,
    [propertyId],
  );
  return rows.map((row) => row.plan);
}

/**
 * The rules a plan's fields must keep together, read in the change's
 * transaction: its room types are the property's; a derived plan's parent is
 * another plan of the property that is not derived itself, and a plan others
 * derive from is not derived. 422 naming the field otherwise.
 */
async function checkPlan(tx: Tx, propertyId: string, ratePlanId: string | null, plan: Partial<RatePlanFields>) {
  const { rows } = await tx.query<{ foreign_types: number; parent_ok: boolean | null; has_children: boolean }>(
    `SELECT (SELECT count(*)::int FROM unnest($2::uuid[]) AS t(id)
              WHERE NOT EXISTS (SELECT 1 FROM room_types rt WHERE rt.id = t.id AND rt.property_id = $1)) AS foreign_types,
            (SELECT rp.derived_from IS NULL FROM rate_plans rp
              WHERE rp.id = $3 AND rp.property_id = $1 AND rp.id IS DISTINCT FROM $4::uuid) AS parent_ok,
            EXISTS (SELECT 1 FROM rate_plans rp WHERE rp.derived_from = $4::uuid) AS has_children`,
    [propertyId, plan.roomTypeIds ?? [], plan.derivedFrom?.ratePlanId ?? null, ratePlanId],
  );
  const [facts] = rows;
  if (facts.foreign_types > 0) {
    throw new DomainError("not_found", "A room type given is not one of this property's.", { field: "roomTypeIds" });
  }
  if (plan.derivedFrom && !facts.parent_ok) {
    throw new DomainError("invalid_setting", "A plan derives from another plan of the property that is not derived.", {
      field: "derivedFrom",
    });
  }
  if (plan.derivedFrom && facts.has_children) {
    throw new DomainError("invalid_setting", "Other plans derive from this one, so it cannot derive from a plan.", {
      field: "derivedFrom",
    });
  }
}

/** The one default plan: setting a new one takes the mark from the old. */
async function takeDefault(tx: Tx, propertyId: string, ratePlanId: string | null) {
  await tx.query(
    `UPDATE rate_plans SET is_default = false WHERE property_id = $1 AND is_default AND id IS DISTINCT FROM $2::uuid`,
    [propertyId, ratePlanId],
  );
}

export async function createRatePlan(
  propertyId: string,
  fields: RatePlanFields,
  actor: Actor,
): Promise<{ ratePlan: RatePlanSetup; txid: string }> {
  try {
    return await withSerializableTx({ actor, label: "setup" }, async (tx) => {
      await checkPlan(tx, propertyId, null, fields);
      if (fields.isDefault) await takeDefault(tx, propertyId, null);
      const { rows } = await tx.query<{ plan: RatePlanSetup }>(
        `INSERT INTO rate_plans AS rp (property_id, code, name, translations, cancellation, cancellation_hours, refundable,
                                       payment, room_type_ids, derived_from, derived_adjustment, is_default)
         VALUES ($1, $2, $3, $4, $5, $6, $5 <> 'non_refundable', $7, $8, $9, $10, $11)
         RETURNING ${RATE_PLAN_JSON} AS plan`,
        [
          propertyId,
          fields.code,
          fields.name,
          JSON.stringify(fields.translations),
          fields.cancellation,
          fields.cancellationHours,
          fields.payment,
          fields.roomTypeIds,
          fields.derivedFrom?.ratePlanId ?? null,
          fields.derivedFrom?.percent ?? null,
          fields.isDefault ?? false,
        ],
      );
      const ratePlan = rows[0].plan;
      await audit(tx, {
        action: "rate_plan.created",
        entityType: "rate_plan",
        entityId: ratePlan.id,
        propertyId,
        changes: fields,
      });
      return { ratePlan, txid: await currentTxid(tx) };
    });
  } catch (error) {
    taken(error, "code", "This code");
  }
}

/** The fields given change; a plan stops being the default only when another becomes it. */
export async function updateRatePlan(
  propertyId: string,
  ratePlanId: string,
  fields: Partial<Omit<RatePlanFields, "code">>,
  actor: Actor,
): Promise<{ ratePlan: RatePlanSetup; txid: string }> {
  return withSerializableTx({ actor, label: "setup" }, async (tx) => {
    const { rows: found } = await tx.query<{ plan: RatePlanSetup }>(
      `SELECT ${RATE_PLAN_JSON} AS plan FROM rate_plans rp WHERE rp.id = $2 AND rp.property_id = $1 FOR UPDATE`,
      [propertyId, ratePlanId],
    );
    if (!found[0]) throw new DomainError("not_found", "No such rate plan at this property.", {});
    const before = found[0].plan;
    const cancellation = fields.cancellation ?? before.cancellation;
    // Hours belong to a free cancellation only: another policy drops them unless given.
    const cancellationHours =
      fields.cancellationHours !== undefined
        ? fields.cancellationHours
        : cancellation === "free_until"
          ? before.cancellationHours
          : null;
    if (cancellation !== "free_until" && cancellationHours !== null) {
      throw new DomainError("invalid_setting", "Hours apply to a free cancellation only.", {
        field: "cancellationHours",
      });
    }
    await checkPlan(tx, propertyId, ratePlanId, fields);
    if (fields.isDefault) await takeDefault(tx, propertyId, ratePlanId);
    const derivedFrom = fields.derivedFrom === undefined ? before.derivedFrom : fields.derivedFrom;
    const { rows } = await tx.query<{ plan: RatePlanSetup }>(
      `UPDATE rate_plans AS rp
          SET name = $3, translations = $4, cancellation = $5, cancellation_hours = $6, refundable = $5 <> 'non_refundable',
              payment = $7, room_type_ids = $8, derived_from = $9, derived_adjustment = $10, is_default = $11
        WHERE rp.id = $2 AND rp.property_id = $1
       RETURNING ${RATE_PLAN_JSON} AS plan`,
      [
        propertyId,
        ratePlanId,
        fields.name ?? before.name,
        JSON.stringify(fields.translations ?? before.translations),
        cancellation,
        cancellationHours,
        fields.payment ?? before.payment,
        fields.roomTypeIds === undefined ? before.roomTypeIds : fields.roomTypeIds,
        derivedFrom?.ratePlanId ?? null,
        derivedFrom?.percent ?? null,
        fields.isDefault ?? before.isDefault,
      ],
    );
    const ratePlan = rows[0].plan;
    await audit(tx, {
      action: "rate_plan.changed",
      entityType: "rate_plan",
      entityId: ratePlanId,
      propertyId,
      changes: changesOf(fields, before, ratePlan),
    });
    return { ratePlan, txid: await currentTxid(tx) };
  });
}
