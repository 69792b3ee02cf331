// What the setup pages' forms share (issue 11): the problems the last answer
// gave one form, shown beside its fields, and what was typed into it.
import { useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { FieldProblem } from "~/i18n/validation";
import { Alert } from "./form";

type Answer = { form: string; done?: boolean; problems?: FieldProblem[]; values?: Record<string, string | string[]> };

export function useSetupForm(form: string) {
  const { t } = useTranslation();
  const answer = useActionData<Answer>();
  const mine = answer?.form === form ? answer : undefined;
  const problem = (field: string) => {
    const found = mine?.problems?.find(
      (candidate) => candidate.field === field || candidate.field.startsWith(`${field}.`),
    );
    return found ? t(found.key, found.values) : undefined;
  };
  const formProblem = mine?.problems?.find((candidate) => ["form", "body"].includes(candidate.field));
  return {
    done: mine?.done === true,
    problem,
    /** What was typed, when the form came back with problems; else the item's own value. */
    value: (name: string, fallback: string | number | null | undefined) => {
      const typed = mine?.values?.[name];
      return typeof typed === "string" ? typed : fallback === null || fallback === undefined ? "" : String(fallback);
    },
    values: (name: string) => {
      const typed = mine?.values?.[name];
      return Array.isArray(typed) ? typed : typeof typed === "string" ? [typed] : undefined;
    },
    alerts: (doneKey: string) => (
      <>
        {mine?.done && (
          <div className="mt-3">
            <Alert tone="info">{t(doneKey)}</Alert>
          </div>
        )}
        {formProblem && (
          <div className="mt-3">
            <Alert>{t(formProblem.key, formProblem.values)}</Alert>
          </div>
        )}
        {mine?.problems && !formProblem && (
          <div className="mt-3">
            <Alert>{t("setup.fixProblems")}</Alert>
          </div>
        )}
      </>
    ),
  };
}

export const inputLook = "min-h-11 rounded border border-stone-500 bg-white p-2";
