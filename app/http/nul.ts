// A NUL character can never be part of a real name, email or password, and
// PostgreSQL refuses to store one: forms (app/web/form.server.ts) and JSON
// bodies (app/api/request.server.ts) refuse such input before anything uses it.
export function hasNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (Array.isArray(value)) return value.some(hasNul);
  if (value && typeof value === "object") return Object.entries(value).some(([k, v]) => hasNul(k) || hasNul(v));
  return false;
}
