// A page answers a failure with the status the API gives it: every domain
// error code goes through the one table (app/domain/errors.ts), validation is
// 422, and anything else is not a form's to show.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DOMAIN_STATUS, DomainError, statusOf, type DomainErrorCode } from "~/domain/errors";
import { toFormProblems } from "~/web/problems.server";

describe("toFormProblems", () => {
  it("gives every domain error the API's status and its translated key", () => {
    for (const code of Object.keys(DOMAIN_STATUS) as DomainErrorCode[]) {
      const error = new DomainError(code, "why");
      expect(toFormProblems(error)).toEqual({
        problems: [{ field: "form", key: `bookingErrors.${code}` }],
        status: statusOf(error),
      });
    }
    expect(toFormProblems(new DomainError("room_unavailable", "taken")).status).toBe(409);
  });

  it("puts a failure that names a field on that field, with the API's status for it", () => {
    const unknownId = new DomainError("not_found", "No such property.", { field: "propertyId" });
    expect(toFormProblems(unknownId)).toEqual({
      problems: [{ field: "propertyId", key: "bookingErrors.not_found" }],
      status: 422,
    });
  });

  it("answers validation failures with 422 and throws anything else on", () => {
    const invalid = z.object({ adults: z.number() }).safeParse({ adults: "two" });
    expect(invalid.success).toBe(false);
    const { problems, status } = toFormProblems(invalid.error);
    expect(status).toBe(422);
    expect(problems).toEqual([{ field: "adults", key: "validation.invalidType" }]);
    const unexpected = new Error("boom");
    expect(() => toFormProblems(unexpected)).toThrow(unexpected);
  });
});
