// The setup pages' form actions (issue 11): each form names what it is
// (`form`: "create", or the id of the item it edits); a change answers
// {done: form}, a refusal {problems, form, values} with the API's status, so
// the page shows the problems beside that form and keeps what was typed.
import { actorFor } from "~/booking/access.server";
import type { FieldProblem } from "~/i18n/validation";
import { requireWebPermission } from "./auth.server";
import { readForm } from "./form.server";
import { managedProperty } from "./managed-property.server";
import { toFormProblems } from "./problems.server";

export type SetupActionData = {
  form: string;
  done?: boolean;
  problems?: FieldProblem[];
  values?: Record<string, string | string[]>;
};

/** Everything a form sent, for showing it back: repeated names as lists. */
export function formValues(form: FormData): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key).filter((value): value is string => typeof value === "string");
    values[key] = all.length > 1 || key.endsWith("[]") ? all : (all[0] ?? "");
  }
  return values;
}

export async function setupAction(form: FormData, change: () => Promise<unknown>): Promise<SetupActionData | Response> {
  const which = String(form.get("form") ?? "create");
  try {
    await change();
    return { form: which, done: true };
  } catch (error) {
    const { problems, status } = toFormProblems(error);
    return Response.json({ form: which, problems, values: formValues(form) } satisfies SetupActionData, { status });
  }
}

/** A problem of a field the page checks itself (a money amount it could not read). */
export function fieldProblem(form: FormData, field: string, key: string): Response {
  return Response.json(
    {
      form: String(form.get("form") ?? "create"),
      problems: [{ field, key }],
      values: formValues(form),
    } satisfies SetupActionData,
    { status: 422 },
  );
}

/** A setup form's post: its manager (403 otherwise), the form, the property it names (404 if not theirs), the actor. */
export async function setupRequest(request: Request) {
  const auth = await requireWebPermission(request, "property:manage");
  const form = await readForm(request);
  const { property } = await managedProperty(auth.account, String(form.get("propertyId") ?? ""));
  return { form, property, actor: actorFor(auth, "system") };
}
