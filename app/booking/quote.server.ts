// What the guest portal shows before booking: one room type for one stay,
// with its price under the chosen rate plan and whether it is still free.
import { searchAvailability, type RatePlanQuote, type RoomTypeAvailability } from "./availability.server";
import type { BookInput } from "./booking.server";
import { propertyOfRoomType } from "./property.server";

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
  const property = await propertyOfRoomType(choice.roomTypeId);
  if (!property) return undefined;
  const result = await searchAvailability({ ...choice, propertyId: property.id });
  const roomType = result.roomTypes.find((type) => type.id === choice.roomTypeId);
  const ratePlan = roomType?.ratePlans.find((plan) => plan.ratePlanId === (choice.ratePlanId ?? roomType.ratePlanId));
  if (!roomType || !ratePlan) return undefined;
  return { propertyId: property.id, propertyName: property.name, nights: result.nights, roomType, ratePlan };
}
