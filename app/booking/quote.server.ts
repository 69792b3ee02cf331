// What the guest portal shows before booking: one room type for one stay,
// with its price under the chosen rate plan and whether it is still free.
import { searchAvailability, type RatePlanQuote, type RoomTypeAvailability } from "./availability.server";
import { getPool } from "../../db/pool.server";
import type { BookInput } from "./booking.server";

export type StayChoice = Pick<
  BookInput,
  "roomTypeId" | "ratePlanId" | "checkIn" | "checkOut" | "adults" | "children" | "rooms"
>;

export type Quote = {
  propertyId: string;
  propertyName: string;
  nights: number;
  roomType: RoomTypeAvailability;
  ratePlan: RatePlanQuote;
};

export async function quoteStay(choice: StayChoice): Promise<Quote | undefined> {
  const { rows } = await getPool().query<{ property_id: string; name: string }>(
    `SELECT rt.property_id, p.name FROM room_types rt JOIN properties p ON p.id = rt.property_id WHERE rt.id = $1`,
    [choice.roomTypeId],
  );
  if (!rows[0]) return undefined;
  const result = await searchAvailability({ ...choice, propertyId: rows[0].property_id });
  const roomType = result.roomTypes.find((type) => type.id === choice.roomTypeId);
  const ratePlan = roomType?.ratePlans.find((plan) => plan.ratePlanId === (choice.ratePlanId ?? roomType.ratePlanId));
  if (!roomType || !ratePlan) return undefined;
  return { propertyId: rows[0].property_id, propertyName: rows[0].name, nights: result.nights, roomType, ratePlan };
}

export async function propertyOfRoomType(roomTypeId: string): Promise<string | undefined> {
  const { rows } = await getPool().query<{ property_id: string }>(`SELECT property_id FROM room_types WHERE id = $1`, [
    roomTypeId,
  ]);
  return rows[0]?.property_id;
}
