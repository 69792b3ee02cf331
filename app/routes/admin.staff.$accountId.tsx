// One staff member, for admins: change their role and properties, reset
// their second factor, deactivate or reactivate them. Plain forms, each
// with its own button, that work without JavaScript; every change is
// audited, and ending their sessions takes effect at once.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { STAFF_ROLES } from "~/auth/roles";
import { blankSessionCookie } from "~/auth/session.server";
import { changeStaff, getStaffMember, type StaffChange } from "~/auth/staff.server";
import { requireWebPermission } from "~/web/auth.server";
import { actorFor } from "~/booking/access.server";
import { listProperties } from "~/booking/property.server";
import { readForm } from "~/web/form.server";
import { pageTitle } from "~/web/page.server";
import { Alert, Button } from "~/ui/form";
import { StaffAccessFields } from "~/ui/staff-access-fields";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

const accountIdSchema = z.string().regex(/^[\w-]{1,100}$/);

const changeSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("deactivate") }),
  z.object({ intent: z.literal("reactivate") }),
  z.object({ intent: z.literal("reset_totp") }),
  z.object({
    intent: z.literal("update"),
    role: z.enum(STAFF_ROLES, { message: "staff.roleRequired" }),
    propertyIds: z.array(z.uuid("staff.unknownProperty")).min(1, "staff.propertyRequired").max(100),
  }),
]);

type ActionData = { done?: string; error?: string };

function notFound(): Response {
  return new Response("Not found", { status: 404 });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireWebPermission(request, "staff:manage");
  const id = accountIdSchema.safeParse(params.accountId);
  const person = id.success ? await getStaffMember(id.data) : undefined;
  if (!person) throw notFound();
  const properties = await listProperties();
  return {
    person,
    properties: properties.map((p) => ({ id: p.id, name: p.name })),
    title: await pageTitle(request, "titles.staffMember"),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const auth = await requireWebPermission(request, "staff:manage");
  const id = accountIdSchema.safeParse(params.accountId);
  if (!id.success) throw notFound();
  const form = await readForm(request);
  const parsed = changeSchema.safeParse({
    intent: form.get("intent"),
    role: form.get("role") ?? undefined,
    propertyIds: form.getAll("propertyIds"),
  });
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "";
    const error = message.startsWith("staff.") ? message : "staff.invalidChange";
    return Response.json({ error } satisfies ActionData, { status: 422 });
  }
  const change: StaffChange =
    parsed.data.intent === "update"
      ? { kind: "update", role: parsed.data.role, propertyIds: parsed.data.propertyIds }
      : { kind: parsed.data.intent };
  const result = await changeStaff({
    accountId: id.data,
    adminId: auth.account.id,
    actor: actorFor(auth, "system"),
    change,
  });
  if (!result.ok) {
    if (result.problem === "not_found") throw notFound();
    if (result.problem === "signed_out") {
      throw redirect("/sign-in", { headers: { "Set-Cookie": blankSessionCookie() } });
    }
    const status = result.problem === "self" || result.problem === "last_admin" ? 409 : 422;
    return Response.json({ error: `staff.problems.${result.problem}` } satisfies ActionData, { status });
  }
  return { done: result.changed ? `staff.done.${change.kind}` : "staff.done.unchanged" } satisfies ActionData;
}

export default function StaffMemberPage() {
  const { t } = useTranslation();
  const { person, properties } = useLoaderData<typeof loader>();
  const data = useActionData<ActionData>();
  const name = person.displayName || person.email;
  return (
    <main id="main" className="mx-auto max-w-3xl p-6">
      <p>
        <a className="underline" href="/admin/staff">
          {t("staff.back")}
        </a>
      </p>
      <h1 className="mt-2 text-3xl font-semibold">{name}</h1>
      <div className="mt-4">
        {data?.done && <Alert tone="info">{t(data.done)}</Alert>}
        {data?.error && <Alert>{t(data.error)}</Alert>}
      </div>
      <dl className="mt-4 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2">
        <dt className="font-medium">{t("staff.email")}</dt>
        <dd>{person.email}</dd>
        <dt className="font-medium">{t("staff.role")}</dt>
        <dd>{t(`roles.${person.role}`)}</dd>
        <dt className="font-medium">{t("staff.properties")}</dt>
        <dd>{person.properties.join(", ") || "—"}</dd>
        <dt className="font-medium">{t("staff.twoStep")}</dt>
        <dd>{person.totpEnrolled ? t("staff.enrolled") : t("staff.notYet")}</dd>
        <dt className="font-medium">{t("staff.status")}</dt>
        <dd>
          {person.active ? t("staff.active") : t("staff.inactive")}
          {person.passwordMustChange ? ` — ${t("staff.temporaryPassword")}` : ""}
        </dd>
      </dl>

      <section aria-labelledby="staff-access" className="mt-10">
        <h2 id="staff-access" className="text-xl font-semibold">
          {t("staff.accessTitle")}
        </h2>
        <Form method="post" className="mt-4 flex flex-col gap-4">
          <StaffAccessFields
            roles={STAFF_ROLES}
            properties={properties}
            role={person.role}
            propertyIds={person.propertyIds}
          />
          <input type="hidden" name="intent" value="update" />
          <Button>{t("staff.save")}</Button>
        </Form>
      </section>

      <section aria-labelledby="staff-two-step" className="mt-10">
        <h2 id="staff-two-step" className="text-xl font-semibold">
          {t("staff.twoStep")}
        </h2>
        <p className="mt-2">{t("staff.resetTotpHint")}</p>
        <Form method="post" className="mt-4">
          <input type="hidden" name="intent" value="reset_totp" />
          <Button variant="secondary">{t("staff.resetTotp")}</Button>
        </Form>
      </section>

      <section aria-labelledby="staff-standing" className="mt-10">
        <h2 id="staff-standing" className="text-xl font-semibold">
          {t("staff.status")}
        </h2>
        <p className="mt-2">{person.active ? t("staff.deactivateHint") : t("staff.reactivateHint")}</p>
        <Form method="post" className="mt-4">
          <input type="hidden" name="intent" value={person.active ? "deactivate" : "reactivate"} />
          <Button variant={person.active ? "secondary" : "primary"}>
            {person.active ? t("staff.deactivate") : t("staff.reactivate")}
          </Button>
        </Form>
      </section>
    </main>
  );
}
