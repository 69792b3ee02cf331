// The one business failure of the domain, whichever module throws it
// (booking, privacy, …). Each has a stable code that the API turns into a
// problem+json status and the pages into a translated message
// (`bookingErrors.<code>`); the status of each code is in one table here, so
// the API and the pages cannot drift apart.

export type DomainErrorCode =
  | "sold_out"
  | "room_unavailable"
  | "not_found"
  | "invalid_stay"
  | "party_too_large"
  | "hold_expired"
  | "invalid_transition"
  | "idempotency_mismatch"
  | "hold_already_extended"
  | "check_in_too_early"
  | "room_not_ready"
  | "identity_missing"
  | "no_show_too_early"
  | "invalid_setting"
  | "restricted"
  | "room_occupied"
  | "invalid_photo";

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export function isDomainError(error: unknown, code?: DomainErrorCode): error is DomainError {
  return error instanceof DomainError && (code === undefined || error.code === code);
}

/** The HTTP status of each code. */
export const DOMAIN_STATUS: Record<DomainErrorCode, number> = {
  sold_out: 409,
  room_unavailable: 409,
  hold_expired: 409,
  invalid_transition: 409,
  hold_already_extended: 409,
  check_in_too_early: 409,
  room_not_ready: 409,
  identity_missing: 409,
  no_show_too_early: 409,
  restricted: 409,
  room_occupied: 409,
  not_found: 404,
  invalid_stay: 422,
  party_too_large: 422,
  idempotency_mismatch: 422,
  invalid_setting: 422,
  invalid_photo: 422,
};

/** The field of the request the failure is about, when it names one. */
export function fieldOf(error: DomainError): string | undefined {
  return typeof error.details.field === "string" ? error.details.field : undefined;
}

/** The HTTP status of a failure: an unknown id inside a request's fields is a bad request, not a missing resource. */
export function statusOf(error: DomainError): number {
  return error.code === "not_found" && fieldOf(error) ? 422 : DOMAIN_STATUS[error.code];
}

/**
 * The i18n key (and its values) of a failure's message: `bookingErrors.<code>`,
 * or for a stay the rate calendar refuses, the rule it breaks
 * (`restrictions.<rule>`, with its date and minimum stay).
 */
export function messageOf(error: DomainError): { key: string; values?: Record<string, unknown> } {
  const restriction = error.details.restriction as { rule?: unknown } | undefined;
  if (error.code === "restricted" && typeof restriction?.rule === "string") {
    return { key: `restrictions.${restriction.rule}`, values: restriction };
  }
  return { key: `bookingErrors.${error.code}` };
}
