// Admins create staff accounts and see who has enrolled a second factor.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { STAFF_ROLES } from "~/auth/roles";
import { createStaff, listStaff } from "~/auth/staff.server";
import { requireWebPermission } from "~/auth/web.server";
import { listProperties } from "~/booking/property.server";
import { Alert, Button, Field } from "~/ui/form";
import { readForm } from "~/http/form.server";

export const meta: MetaFunction = () => [{ title: "Staff · Harbour Light Hotel" }];

const ROLE_NAMES: Record<string, string> = {
  front_desk: "Front desk",
  manager: "Manager",
  auditor: "Auditor",
  admin: "Administrator",
};

const schema = z.object({
  email: z.email("Enter an email address like name@example.com.").max(254),
  displayName: z.string().trim().min(1, "Enter their name.").max(200),
  role: z.enum(STAFF_ROLES, { message: "Choose a role." }),
  propertyIds: z.array(z.uuid()).min(1, "Choose at least one property."),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireWebPermission(request, "staff.manage");
  const [staff, properties] = await Promise.all([listStaff(), listProperties()]);
  return { staff, properties: properties.map((p) => ({ id: p.id, name: p.name })) };
}

export async function action({ request }: ActionFunctionArgs) {
  await requireWebPermission(request, "staff.manage");
  const form = await readForm(request);
  const parsed = schema.safeParse({
    email: form.get("email"),
    displayName: form.get("displayName"),
    role: form.get("role"),
    propertyIds: form.getAll("propertyIds"),
  });
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
    return Response.json({ errors }, { status: 422 });
  }
  const result = await createStaff(parsed.data);
  if (!result.ok) {
    const message = {
      email_taken: "An account with this email exists.",
      not_staff_role: "Choose a staff role.",
      unknown_property: "Choose an existing property.",
    }[result.problem];
    return Response.json(
      { errors: { [result.problem === "email_taken" ? "email" : "form"]: message } },
      { status: 422 },
    );
  }
  return { created: { email: parsed.data.email, temporaryPassword: result.temporaryPassword } };
}

export default function Staff() {
  const { staff, properties } = useLoaderData<typeof loader>();
  const data = useActionData<{
    errors?: Record<string, string>;
    created?: { email: string; temporaryPassword: string };
  }>();
  const errors = data?.errors ?? {};
  return (
    <main id="main" className="mx-auto max-w-4xl p-6">
      <h1 className="text-3xl font-semibold">Staff</h1>
      <table className="mt-6 w-full border-collapse text-left">
        <caption className="sr-only">Staff accounts</caption>
        <thead>
          <tr className="border-b border-stone-300">
            <th scope="col" className="py-2 pe-4">
              Name
            </th>
            <th scope="col" className="py-2 pe-4">
              Email
            </th>
            <th scope="col" className="py-2 pe-4">
              Role
            </th>
            <th scope="col" className="py-2 pe-4">
              Properties
            </th>
            <th scope="col" className="py-2">
              Two-step sign-in
            </th>
          </tr>
        </thead>
        <tbody>
          {staff.map((person) => (
            <tr key={person.id} className="border-b border-stone-200">
              <td className="py-2 pe-4">{person.displayName || "—"}</td>
              <td className="py-2 pe-4">{person.email}</td>
              <td className="py-2 pe-4">{ROLE_NAMES[person.role]}</td>
              <td className="py-2 pe-4">{person.properties.join(", ")}</td>
              <td className="py-2">{person.totpEnrolled ? "Enrolled" : "Not yet"}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <section aria-labelledby="new-staff" className="mt-10 max-w-md">
        <h2 id="new-staff" className="text-xl font-semibold">
          Add a staff member
        </h2>
        {data?.created && (
          <div className="mt-4">
            <Alert tone="info">
              Created {data.created.email}. Their one-time password is{" "}
              <code className="font-mono">{data.created.temporaryPassword}</code> — give it to them in person; it is not
              shown again. They enrol an authenticator app at first sign-in.
            </Alert>
          </div>
        )}
        <Form method="post" className="mt-4 flex flex-col gap-4" noValidate>
          {errors.form && <Alert>{errors.form}</Alert>}
          <Field name="displayName" label="Name" required error={errors.displayName} />
          <Field name="email" label="Email" type="email" required error={errors.email} />
          <div className="flex flex-col gap-1">
            <label htmlFor="field-role" className="font-medium">
              Role
            </label>
            <select
              id="field-role"
              name="role"
              className="min-h-11 rounded border border-stone-500 p-2"
              aria-invalid={errors.role ? true : undefined}
            >
              {STAFF_ROLES.map((role) => (
                <option key={role} value={role}>
                  {ROLE_NAMES[role]}
                </option>
              ))}
            </select>
          </div>
          <fieldset aria-describedby={errors.propertyIds ? "property-error" : undefined}>
            <legend className="font-medium">Properties</legend>
            {properties.map((property) => (
              <label key={property.id} className="mt-2 flex min-h-6 items-center gap-2">
                <input type="checkbox" name="propertyIds" value={property.id} />
                {property.name}
              </label>
            ))}
            {errors.propertyIds && (
              <p id="property-error" className="text-sm font-medium text-red-800">
                {errors.propertyIds}
              </p>
            )}
          </fieldset>
          <Button>Create staff account</Button>
        </Form>
      </section>
    </main>
  );
}
