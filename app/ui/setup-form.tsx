// What the setup pages' forms share (issue 11): the problems the last answer
// gave one form, shown beside its fields, and what was typed into it.
import { useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LANGUAGES } from "~/i18n/config";
import type { FieldProblem } from "~/i18n/validation";
import { Alert, Field } from "./form";

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
  /** What was typed, when the form came back with problems; else the item's own value. */
  const value = (name: string, fallback: string | number | null | undefined) => {
    const typed = mine?.values?.[name];
    return typeof typed === "string" ? typed : fallback === null || fallback === undefined ? "" : String(fallback);
  };
  const formProblem = mine?.problems?.find((candidate) => ["form", "body"].includes(candidate.field));
  /** A text field of this form: its problem, and what was typed or else the item's value. */
  const field = (
    name: string,
    label: string,
    fallback: string | number | null | undefined,
    extra: Omit<Parameters<typeof Field>[0], "name" | "label"> = {},
  ) => (
    <Field
      id={`${form}-${name}`}
      name={name}
      label={label}
      error={problem(name)}
      defaultValue={value(name, fallback)}
      autoComplete="off"
      {...extra}
    />
  );
  return {
    done: mine?.done === true,
    problem,
    field,
    value,
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

/** The languages other than English, whose words for a thing are optional. */
export const OTHER_LANGUAGES = LANGUAGES.filter((language) => language.code !== "en");

/**
 * One text input per other language, behind a disclosure: `name.<code>`,
 * each marked with its language and direction. `label` names the input for
 * each language (by default the language's own name).
 */
export function OtherLanguages({
  summary,
  name,
  maxLength,
  value = () => "",
}: {
  summary: string;
  name: string;
  maxLength: number;
  value?: (code: string) => string;
}) {
  return (
    <details>
      <summary className="min-h-6 cursor-pointer font-medium">{summary}</summary>
      <div className="mt-2 flex flex-col gap-3">
        {OTHER_LANGUAGES.map((language) => (
          <label key={language.code} className="flex flex-col gap-1">
            <span className="font-medium" lang={language.code}>
              {language.name}
            </span>
            <input
              type="text"
              name={`${name}.${language.code}`}
              lang={language.code}
              dir={language.code === "ar" ? "rtl" : "ltr"}
              defaultValue={value(language.code)}
              maxLength={maxLength}
              autoComplete="off"
              className={inputLook}
            />
          </label>
        ))}
      </div>
    </details>
  );
}

/** Checkboxes of one name, one per option, in a fieldset named by `legend`. */
export function Checkboxes({
  legend,
  name,
  options,
  chosen,
}: {
  legend: string;
  name: string;
  options: { value: string; label: string }[];
  chosen: readonly string[];
}) {
  return (
    <fieldset>
      <legend className="font-medium">{legend}</legend>
      <div className="mt-2 flex flex-wrap gap-x-6 gap-y-2">
        {options.map((option) => (
          <label key={option.value} className="flex min-h-6 items-center gap-2">
            <input
              type="checkbox"
              name={name}
              value={option.value}
              defaultChecked={chosen.includes(option.value)}
              className="h-5 w-5"
            />
            {option.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
