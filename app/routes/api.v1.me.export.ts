// GET /api/v1/me/export: everything held about the signed-in guest, as JSON.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiHandler, json, onlyMethods } from "~/api/problem.server";
import { requirePermission } from "~/api/request.server";
import { exportAccountData } from "~/privacy/rights.server";

export const loader = ({ request }: LoaderFunctionArgs) =>
  apiHandler(request, async () => {
    const account = await requirePermission(request, "privacy:self");
    return json(await exportAccountData(account.id), {
      headers: { "Content-Disposition": 'attachment; filename="my-hotel-data.json"' },
    });
  });

export const action = onlyMethods(["GET"]);
