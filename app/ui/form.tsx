// The form pieces every screen shares, built on react-aria-components: a
// labelled text field whose hint and error are tied to it (and announced),
// a button, and an alert. They render plain, working HTML form controls on
// the server, so every form also works without JavaScript.
import { useEffect, useRef, useState, type ReactNode } from "react";
import { Button as AriaButton, FieldError, Input, Label, Text, TextField } from "react-aria-components";

type FieldProps = {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  id?: string;
  type?: "text" | "email" | "password" | "tel" | "search" | "url";
  required?: boolean;
  defaultValue?: string;
  autoComplete?: string;
  inputMode?: "none" | "text" | "tel" | "url" | "email" | "numeric" | "decimal" | "search";
  pattern?: string;
  maxLength?: number;
  autoFocus?: boolean;
};

export function Field({
  name,
  label,
  hint,
  error,
  id = `field-${name}`,
  required,
  pattern,
  autoFocus,
  defaultValue = "",
  ...props
}: FieldProps) {
  const input = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState(defaultValue);
  // Whatever was typed while the page was still loading its scripts stays:
  // the field takes over the value the browser holds, not the server's.
  useEffect(() => {
    const typed = input.current?.value;
    if (typed !== undefined && typed !== defaultValue) setValue(typed);
    // Only once, at hydration.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <TextField
      {...props}
      value={value}
      onChange={setValue}
      id={id}
      name={name}
      isRequired={required}
      isInvalid={Boolean(error)}
      // Errors come from the server (and read the same with or without JavaScript).
      validationBehavior="aria"
      className="flex flex-col gap-1"
    >
      <Label className="font-medium">{label}</Label>
      {hint && (
        <Text slot="description" className="text-sm text-stone-700">
          {hint}
        </Text>
      )}
      <Input
        ref={input}
        pattern={pattern}
        autoFocus={autoFocus}
        className="min-h-11 rounded border border-stone-500 bg-white p-2 data-[invalid]:border-red-700"
      />
      <FieldError className="text-sm font-medium text-red-800">{error}</FieldError>
    </TextField>
  );
}

export function Button({
  children,
  variant = "primary",
  isDisabled,
}: {
  children: ReactNode;
  variant?: "primary" | "secondary";
  isDisabled?: boolean;
}) {
  const look =
    variant === "primary"
      ? "bg-teal-800 text-white data-[hovered]:bg-teal-900"
      : "border border-stone-500 bg-white text-stone-900 data-[hovered]:bg-stone-100";
  return (
    <AriaButton
      type="submit"
      isDisabled={isDisabled}
      className={`min-h-11 rounded px-5 py-2 font-medium data-[disabled]:opacity-60 data-[focus-visible]:outline data-[focus-visible]:outline-2 data-[focus-visible]:outline-offset-2 data-[focus-visible]:outline-teal-800 ${look}`}
    >
      {children}
    </AriaButton>
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
