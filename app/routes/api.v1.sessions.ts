// POST /api/v1/sessions {email, password} -> 201 {token}: a bearer token for the API.
import type { ActionFunctionArgs } from "@remix-run/node";
import { apiHandler, json, methodNotAllowed, problem, onlyMethods } from "~/api/problem.server";
import { readJsonBody } from "~/api/request.server";
import { attemptSignIn } from "~/auth/session.server";
import { clientIp } from "~/auth/throttle.server";
import { sessionRequestSchema } from "~/booking/schemas";

export const loader = onlyMethods(["POST"]);

export const action = ({ request }: ActionFunctionArgs) =>
  apiHandler(request, async () => {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    const body = sessionRequestSchema.parse(await readJsonBody(request));
    const result = await attemptSignIn({ ...body, kind: "api", ip: clientIp(request) });
    if (!result.ok) {
      return problem({ status: 401, code: result.reason });
    }
    const { account } = result;
    return json(
      {
        token: result.token,
        tokenType: "Bearer",
        expiresAt: result.expiresAt.toISOString(),
        account: { id: account.id, email: account.email, role: account.role, propertyIds: account.propertyIds },
        // A session that must first change its password or enrol does nothing else.
        ...(result.stage !== "full" ? { next: result.stage } : {}),
      },
      { status: 201 },
    );
  });
