// POST /api/v1/me/erase {confirm: "erase"}: a guest erases their own account and guest data.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { apiHandler, json, onlyMethods } from "~/api/problem.server";
import { readJsonBody, requireApiPermission } from "~/api/request.server";
import { actorFor } from "~/booking/access.server";
import { eraseAccount } from "~/privacy/rights.server";

const body = z.strictObject({
  confirm: z.literal("erase", { message: 'Send {"confirm": "erase"} to erase your data.' }),
});

export const loader = onlyMethods(["POST"]);

export const action = ({ request }: ActionFunctionArgs) =>
  apiHandler(request, async () => {
    const auth = await requireApiPermission(request, "privacy:self");
    const { account } = auth;
    body.parse(await readJsonBody(request));
    await eraseAccount(account.id, actorFor(auth));
    return json({ erased: true });
  });
