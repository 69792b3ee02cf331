// The password policy: long enough, and not a common or easily guessed
// password (zxcvbn's dictionaries of leaked and common passwords).
import { zxcvbn, zxcvbnOptions } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";

zxcvbnOptions.setOptions({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs });

import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./password-rules";

export { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH };

export type PasswordProblem = "too_short" | "too_long" | "too_common";

export function passwordProblem(password: string, userInputs: string[] = []): PasswordProblem | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return "too_short";
  if (password.length > MAX_PASSWORD_LENGTH) return "too_long";
  if (zxcvbn(password, userInputs).score < 3) return "too_common";
  return undefined;
}

/** The i18n message of a password problem, with its values. */
export function passwordMessage(problem: PasswordProblem): { key: string; values: Record<string, number> } {
  return { key: `password.${problem}`, values: { min: MIN_PASSWORD_LENGTH, max: MAX_PASSWORD_LENGTH } };
}
