// POST /api/v1/guests/{guestId}/erase: an admin erases a guest on request.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { apiHandler, json, problem, onlyMethods } from "~/api/problem.server";
import { requireApiPermission } from "~/api/request.server";
import { actorFor } from "~/booking/access.server";
import { eraseGuest } from "~/privacy/rights.server";

export const loader = onlyMethods(["POST"]);

export const action = ({ request, params }: ActionFunctionArgs) =>
  apiHandler(request, async () => {
    const auth = await requireApiPermission(request, "privacy:erase_guest");
    const guestId = z.uuid().safeParse(params.guestId);
    if (!guestId.success) return problem({ status: 404, code: "guest_not_found" });
    await eraseGuest(guestId.data, actorFor(auth));
    return json({ erased: true, guestId: guestId.data });
  });
