// Form pieces shared by every screen: a labelled field whose error is
// announced and linked to it, a button, and an alert. (The guest portal work
// rebuilds these on react-aria-components.)
import type { InputHTMLAttributes, ReactNode } from "react";

type FieldProps = InputHTMLAttributes<HTMLInputElement> & {
  name: string;
  label: string;
  hint?: string;
  error?: string;
};

export function Field({ name, label, hint, error, id = `field-${name}`, ...input }: FieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="font-medium">
        {label}
      </label>
      {hint && (
        <p id={hintId} className="text-sm text-stone-700">
          {hint}
        </p>
      )}
      <input
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
        className="min-h-11 rounded border border-stone-500 p-2 aria-[invalid]:border-red-700"
        {...input}
      />
      {error && (
        <p id={errorId} className="text-sm font-medium text-red-800">
          {error}
        </p>
      )}
    </div>
  );
}

export function Button({
  children,
  variant = "primary",
  ...props
}: { children: ReactNode; variant?: "primary" | "secondary" } & React.ButtonHTMLAttributes<HTMLButtonElement>) {
  const look =
    variant === "primary"
      ? "bg-teal-800 text-white hover:bg-teal-900"
      : "border border-stone-500 bg-white text-stone-900 hover:bg-stone-100";
  return (
    <button
      type="submit"
      className={`min-h-11 rounded px-5 py-2 font-medium focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-800 ${look}`}
      {...props}
    >
      {children}
    </button>
  );
}

export function Alert({ children, tone = "error" }: { children: ReactNode; tone?: "error" | "info" }) {
  const look = tone === "error" ? "border-red-700 bg-red-50 text-red-900" : "border-teal-700 bg-teal-50 text-teal-900";
  return (
    <div role={tone === "error" ? "alert" : "status"} className={`rounded border p-3 ${look}`}>
      {children}
    </div>
  );
}
