// The pages' side of app/api/problem.server.ts: a business failure
// (DomainError) or a validation failure (zod) becomes the problems a form
// shows - a field and an i18n key each - and the HTTP status the API answers
// for it, from the one table in app/domain/errors.ts, so a page and the API
// cannot give one failure two statuses.
import { z } from "zod";
import { fieldOf, isDomainError, messageOf, statusOf } from "~/domain/errors";
import { problemsFromZod, type FieldProblem } from "~/i18n/validation";

export type FormProblems = { problems: FieldProblem[]; status: number };

/**
 * A form's problems and status for `error`; anything that is neither a
 * DomainError nor a zod error is not the form's to show and is thrown on, to
 * the error boundary. A failure that names no field is about the whole form.
 */
export function toFormProblems(error: unknown): FormProblems {
  if (error instanceof z.ZodError) return { problems: problemsFromZod(error), status: 422 };
  if (isDomainError(error)) {
    return {
      problems: [{ field: fieldOf(error) ?? "form", ...messageOf(error) }],
      status: statusOf(error),
    };
  }
  throw error;
}
