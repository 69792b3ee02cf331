// The old names of the domain error (app/domain/errors.ts), kept only while
// the booking engine's modules move over to it.
export {
  DomainError as BookingError,
  isDomainError as isBookingError,
  type DomainErrorCode as BookingErrorCode,
} from "../domain/errors";
