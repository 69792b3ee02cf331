// POST /api/v1/sessions {email, password} -> 201 {token}: a bearer token for the API.
import type { ActionFunctionArgs } from "@remix-run/node";
import { apiHandler, json, methodNotAllowed, problem } from "~/api/problem.server";
import { readJsonBody } from "~/api/request.server";
import { createApiSession } from "~/auth/session.server";
import { sessionRequestSchema } from "~/booking/schemas";

export const loader = () => methodNotAllowed(["POST"]);

export const action = ({ request }: ActionFunctionArgs) =>
  apiHandler(async () => {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    const body = sessionRequestSchema.parse(await readJsonBody(request));
    const session = await createApiSession(body.email, body.password);
    if (!session) {
      return problem({ status: 401, code: "invalid_credentials", title: "Wrong email or password." });
    }
    const { account } = session;
    return json(
      {
        token: session.token,
        tokenType: "Bearer",
        expiresAt: session.expiresAt,
        account: { id: account.id, email: account.email, role: account.role, propertyIds: account.propertyIds },
      },
      { status: 201 },
    );
  });
