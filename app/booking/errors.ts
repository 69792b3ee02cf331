// Business failures of the booking engine. Each has a stable code that the
// API turns into a problem+json status and the UI into a translated message.

export type BookingErrorCode =
  | "sold_out"
  | "room_unavailable"
  | "not_found"
  | "invalid_stay"
  | "party_too_large"
  | "hold_expired"
  | "invalid_transition"
  | "idempotency_mismatch";

export class BookingError extends Error {
  constructor(
    readonly code: BookingErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "BookingError";
  }
}

export function isBookingError(error: unknown, code?: BookingErrorCode): error is BookingError {
  return error instanceof BookingError && (code === undefined || error.code === code);
}
