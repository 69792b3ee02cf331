// The demo clerk on another device, through the JSON API: arrivals made for
// the desk's tests, a room sold online, a stay checked out or cancelled.
import { request, type APIRequestContext } from "@playwright/test";
import { DEMO_PASSWORD, expect } from "./helpers";
import { demoTotp } from "./sign-in";

/** The demo clerk on another device: the JSON API with a bearer token. */
export async function clerkApi(baseURL: string | undefined) {
  const api: APIRequestContext = await request.newContext({ baseURL });
  const session = await api.post("/api/v1/sessions", {
    data: { email: "desk@example.com", password: DEMO_PASSWORD, totp: demoTotp() },
  });
  expect(session.status(), await session.text()).toBe(201);
  const headers = { authorization: `Bearer ${(await session.json()).token}` };
  const { properties } = await (await api.get("/api/v1/properties")).json();
  const property = properties[0] as { id: string; roomTypes: { id: string }[] };
  const post = async (path: string, data: unknown, status = 200) => {
    const answer = await api.post(path, { headers: { ...headers, "idempotency-key": crypto.randomUUID() }, data });
    expect(answer.status(), await answer.text()).toBe(status);
    return answer.json();
  };
  return {
    /** A confirmed arrival for `night`, its room clean, identity recorded unless told not to. */
    async arrival(night: string, nextNight: string, fullName: string, options = { identity: true }) {
      for (const type of property.roomTypes) {
        const held = await api.post("/api/v1/holds", {
          headers: { ...headers, "idempotency-key": crypto.randomUUID() },
          data: { propertyId: property.id, roomTypeId: type.id, checkIn: night, checkOut: nextNight, adults: 1 },
        });
        if (held.status() === 409) continue;
        expect(held.status(), await held.text()).toBe(201);
        const { booking } = await held.json();
        const stay = booking.reservations[0];
        await post(`/api/v1/rooms/${stay.roomId}/housekeeping`, { state: "clean" });
        await post(`/api/v1/bookings/${booking.reference}/confirm`, {
          guest: { fullName },
          ...(options.identity ? { identity: { documentType: "passport", country: "DE", number: "C01X00T47" } } : {}),
        });
        return { reference: booking.reference as string, roomNumber: stay.roomNumber as string };
      }
      throw new Error(`no room free on ${night}`);
    },
    /** The room taken online for one night (the walk-in's room, sold meanwhile). */
    async take(roomId: string, night: string, nextNight: string) {
      const { booking } = await post(
        "/api/v1/holds",
        { propertyId: property.id, roomId, checkIn: night, checkOut: nextNight, adults: 1 },
        201,
      );
      await post(`/api/v1/bookings/${booking.reference}/confirm`, { guest: { fullName: "Online Guest" } });
    },
    booking: async (reference: string) => await (await api.get(`/api/v1/bookings/${reference}`, { headers })).json(),
    /** Tonight's rooms back for the tests that follow: the guest leaves, the walk-in is cancelled. */
    checkOut: (reservationId: string) => post(`/api/v1/reservations/${reservationId}/check-out`, {}),
    cancel: (reference: string) => post(`/api/v1/bookings/${reference}/cancel`, {}),
    dispose: () => api.dispose(),
  };
}
