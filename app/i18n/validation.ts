// Turning validation failures into translatable messages: every problem is a
// field, an i18n key and its values, so the same failure reads right in every
// language, on a form and in the API.
import type { z } from "zod";

export type FieldProblem = { field: string; key: string; values?: Record<string, unknown> };

/** Custom messages in our schemas are i18n keys ("validation.…"); zod's own issues map by code. */
export function problemsFromZod(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => {
    const field = issue.path.join(".") || "body";
    if (issue.message.startsWith("validation.")) {
      return { field, key: issue.message, values: (issue as { params?: Record<string, unknown> }).params };
    }
    switch (issue.code) {
      case "invalid_type":
        return {
          field,
          key: /received undefined/.test(issue.message) ? "validation.required" : "validation.invalidType",
        };
      case "too_small":
        return { field, key: "validation.tooSmall", values: { min: Number(issue.minimum) } };
      case "too_big":
        return { field, key: "validation.tooBig", values: { max: Number(issue.maximum) } };
      case "invalid_format":
        return { field, key: issue.format === "email" ? "validation.email" : "validation.invalidFormat" };
      case "unrecognized_keys":
        return { field: issue.keys.join(", "), key: "validation.unknownField" };
      case "invalid_value":
        return { field, key: "validation.oneOf", values: { options: issue.values.join(", ") } };
      case "invalid_union":
        return { field, key: "validation.invalidType" };
      default:
        return { field, key: "validation.invalid" };
    }
  });
}
