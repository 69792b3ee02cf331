// Reading submitted forms. A NUL character can never be part of a real
// name, email or password, and PostgreSQL refuses to store one: such a
// submission is a bad request, answered as one, before anything uses it.
import { hasNul } from "~/http/nul";

export async function readForm(request: Request): Promise<FormData> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw new Response("The form could not be read.", { status: 400 });
  }
  for (const [key, value] of form) {
    if (hasNul(key) || hasNul(value))
      throw new Response("The form contains characters that cannot be stored.", { status: 400 });
  }
  return form;
}
