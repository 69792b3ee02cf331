// Admins create staff accounts and see them all: role, properties, second
// factor, active or not; each name opens that person's page of changes.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { STAFF_ROLES } from "~/auth/roles";
import { createStaff, listStaff } from "~/auth/staff.server";
import { requireWebPermission } from "~/web/auth.server";
import { actorFor } from "~/booking/access.server";
import { listProperties } from "~/booking/property.server";
import { readForm } from "~/web/form.server";
import { pageTitle } from "~/web/page.server";
import { Alert, Button, Field } from "~/ui/form";
import { StaffAccessFields } from "~/ui/staff-access-fields";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

const schema = z.object({
  email: z.email("validation.email").max(254),
  displayName: z.string().trim().min(1, "staff.nameRequired").max(200),
  role: z.enum(STAFF_ROLES, { message: "staff.roleRequired" }),
  propertyIds: z.array(z.uuid()).min(1, "staff.propertyRequired"),
});

type Errors = Record<string, string>;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireWebPermission(request, "staff:manage");
  const [staff, properties] = await Promise.all([listStaff(), listProperties()]);
  return {
    staff,
    properties: properties.map((p) => ({ id: p.id, name: p.name })),
    title: await pageTitle(request, "titles.staff"),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const auth = await requireWebPermission(request, "staff:manage");
  const form = await readForm(request);
  const parsed = schema.safeParse({
    email: form.get("email"),
    displayName: form.get("displayName"),
    role: form.get("role"),
    propertyIds: form.getAll("propertyIds"),
  });
  if (!parsed.success) {
    const errors: Errors = {};
    for (const issue of parsed.error.issues) {
      errors[String(issue.path[0])] ??= issue.message.includes(".") ? issue.message : "validation.invalid";
    }
    return Response.json({ errors }, { status: 422 });
  }
  const result = await createStaff(parsed.data, actorFor(auth, "system"));
  if (!result.ok) {
    const errors: Errors =
      result.problem === "email_taken"
        ? { email: "staff.emailTaken" }
        : { form: result.problem === "unknown_property" ? "staff.unknownProperty" : "staff.roleRequired" };
    return Response.json({ errors }, { status: 422 });
  }
  return { created: { email: parsed.data.email, temporaryPassword: result.temporaryPassword } };
}

export default function Staff() {
  const { t } = useTranslation();
  const { staff, properties } = useLoaderData<typeof loader>();
  const data = useActionData<{ errors?: Errors; created?: { email: string; temporaryPassword: string } }>();
  const errors = data?.errors ?? {};
  const message = (key?: string) => (key ? t(key) : undefined);
  return (
    <main id="main" className="mx-auto max-w-4xl p-6">
      <h1 className="text-3xl font-semibold">{t("titles.staff")}</h1>
      <table className="mt-6 w-full border-collapse text-start">
        <caption className="sr-only">{t("staff.table")}</caption>
        <thead>
          <tr className="border-b border-stone-300">
            <th scope="col" className="py-2 pe-4 text-start">
              {t("staff.name")}
            </th>
            <th scope="col" className="py-2 pe-4 text-start">
              {t("staff.email")}
            </th>
            <th scope="col" className="py-2 pe-4 text-start">
              {t("staff.role")}
            </th>
            <th scope="col" className="py-2 pe-4 text-start">
              {t("staff.properties")}
            </th>
            <th scope="col" className="py-2 pe-4 text-start">
              {t("staff.twoStep")}
            </th>
            <th scope="col" className="py-2 text-start">
              {t("staff.status")}
            </th>
          </tr>
        </thead>
        <tbody>
          {staff.map((person) => (
            <tr key={person.id} className="border-b border-stone-200">
              <td className="py-2 pe-4">
                <a className="underline" href={`/admin/staff/${encodeURIComponent(person.id)}`}>
                  {person.displayName || person.email}
                </a>
              </td>
              <td className="py-2 pe-4">{person.email}</td>
              <td className="py-2 pe-4">{t(`roles.${person.role}`)}</td>
              <td className="py-2 pe-4">{person.properties.join(", ")}</td>
              <td className="py-2 pe-4">{person.totpEnrolled ? t("staff.enrolled") : t("staff.notYet")}</td>
              <td className="py-2">{person.active ? t("staff.active") : t("staff.inactive")}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <section aria-labelledby="new-staff" className="mt-10 max-w-md">
        <h2 id="new-staff" className="text-xl font-semibold">
          {t("staff.add")}
        </h2>
        {data?.created && (
          <div className="mt-4">
            <Alert tone="info">
              {t("staff.created", { email: data.created.email })}{" "}
              <code className="font-mono">{data.created.temporaryPassword}</code>
            </Alert>
          </div>
        )}
        <Form method="post" className="mt-4 flex flex-col gap-4" noValidate>
          {errors.form && <Alert>{message(errors.form)}</Alert>}
          <Field name="displayName" label={t("staff.name")} required error={message(errors.displayName)} />
          <Field name="email" label={t("staff.email")} type="email" required error={message(errors.email)} />
          <StaffAccessFields
            roles={STAFF_ROLES}
            properties={properties}
            errors={{ role: message(errors.role), propertyIds: message(errors.propertyIds) }}
          />
          <Button>{t("staff.submit")}</Button>
        </Form>
      </section>
    </main>
  );
}
