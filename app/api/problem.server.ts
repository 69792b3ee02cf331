// application/problem+json (RFC 9457) responses and the one place that turns
// failures into them: validation (422), business rules (409/404/422),
// malformed requests (400/413/415), and anything unexpected (500, with no
// stack trace, SQL or personal data in the body).
import { MailUnavailable } from "~/mail/mail.server";
import { z } from "zod";
import { isPgError } from "../../db/pool.server";
import { RateLimited } from "~/auth/throttle.server";
import { fieldOf, isDomainError, messageOf, statusOf } from "~/domain/errors";
import { currentTranslator, withRequestLanguage } from "~/i18n/translate.server";
import { problemsFromZod } from "~/i18n/validation";
import { wholeResponse } from "~/http/whole-body";

export type ProblemInit = {
  status: number;
  code: string;
  /** The i18n key of the title; `api.<code>` unless given. */
  titleKey?: string;
  /** Values for the title's placeholders. */
  values?: Record<string, unknown>;
  detail?: string;
  errors?: { field: string; code: string; message: string }[];
  headers?: Record<string, string>;
  [extension: string]: unknown;
};

/** A problem+json response whose title is in the language of the current request. */
export function problem({ status, code, titleKey, values, detail, headers, ...extensions }: ProblemInit): Response {
  const { t, language } = currentTranslator();
  const title = t(titleKey ?? `api.${code}`, values);
  return wholeResponse(
    JSON.stringify({ type: `/api/v1/problems/${code}`, title, status, detail, code, ...extensions }),
    {
      status,
      headers: {
        "Content-Type": "application/problem+json; charset=utf-8",
        "Content-Language": language,
        "Cache-Control": "no-store",
        ...headers,
      },
    },
  );
}

export function json(data: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return jsonText(JSON.stringify(data), init);
}

/** A JSON answer whose text is made already. */
export function jsonText(text: string, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return wholeResponse(text, {
    status: init.status ?? 200,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...init.headers },
  });
}

export function validationProblem(error: z.ZodError): Response {
  const { t } = currentTranslator();
  const errors = problemsFromZod(error).map((found) => ({
    field: found.field,
    code: found.key,
    message: t(found.key, found.values),
  }));
  return problem({
    status: 422,
    code: "validation_failed",
    detail: errors.map((e) => `${e.field}: ${e.message}`).join("; "),
    errors,
  });
}

/** Run an API handler in the request's language; whatever it throws becomes a problem response. */
export function apiHandler(request: Request, fn: () => Promise<Response>): Promise<Response> {
  return withRequestLanguage(request, () => handle(fn));
}

async function handle(fn: () => Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof Response) return error;
    if (error instanceof z.ZodError) return validationProblem(error);
    if (isDomainError(error)) {
      const field = fieldOf(error);
      const status = statusOf(error);
      const { key: titleKey, values } = messageOf(error);
      const message = currentTranslator().t(titleKey, values);
      return problem({
        status,
        code: error.code,
        titleKey,
        values,
        errors: field ? [{ field, code: titleKey, message }] : undefined,
        // A stay the rate calendar refuses names the rule, its date and the minimum stay.
        ...(error.code === "restricted" ? { restriction: error.details.restriction } : {}),
        // A room that cannot go out of order names the stays in its way (the board moves them first).
        ...(error.code === "room_occupied" ? { stays: error.details.stays } : {}),
        // A room that was taken offers the next free ones (ids and numbers, no personal data).
        ...(Array.isArray(error.details.alternatives) ? { alternatives: error.details.alternatives } : {}),
      });
    }
    if (error instanceof RateLimited) {
      return problem({
        status: 429,
        code: "rate_limited",
        headers: { "Retry-After": String(error.retryAfterSeconds) },
        retryAfterSeconds: error.retryAfterSeconds,
      });
    }
    if (error instanceof MailUnavailable) {
      console.error(`mail: ${error.message}`);
      return problem({ status: 503, code: "mail_unavailable", headers: { "Retry-After": "60" } });
    }
    if (isPgError(error, "28000")) {
      // The database found no live session behind the token (signed out a moment ago).
      return problem({
        status: 401,
        code: "unauthenticated",
        headers: { "WWW-Authenticate": 'Bearer realm="hotel-booking"' },
      });
    }
    if (isPgError(error, "40001") || isPgError(error, "40P01")) {
      // Still colliding after every retry: the house is busy, not broken.
      return problem({
        status: 503,
        code: "busy",
        headers: { "Retry-After": "1" },
      });
    }
    console.error("unexpected API error:", error instanceof Error ? (error.stack ?? error.message) : error);
    return problem({ status: 500, code: "internal_error" });
  }
}

export function methodNotAllowed(allowed: string[]): Response {
  return problem({
    status: 405,
    code: "method_not_allowed",
    values: { allowed: allowed.join(", ") },
    headers: { Allow: allowed.join(", ") },
  });
}

/** A route export that answers every request with 405, in the request's language. */
export function onlyMethods(allowed: string[]) {
  return ({ request }: { request: Request }) => apiHandler(request, async () => methodNotAllowed(allowed));
}
