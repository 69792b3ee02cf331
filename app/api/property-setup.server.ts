// Shared by the property setup endpoints (issue 11): managers and admins
// (403 for other roles) of the property (404 elsewhere, as for an unknown id).
import { z } from "zod";
import { staffCovers, type Auth } from "~/auth/session.server";
import { actorFor } from "~/booking/access.server";
import { getPropertyRules } from "~/booking/property.server";
import type { Actor } from "../../db/pool.server";
import { problem } from "./problem.server";
import { requireApiPermission } from "./request.server";

export async function requirePropertyManager(
  request: Request,
  propertyId: string | undefined,
): Promise<{ auth: Auth; actor: Actor; propertyId: string }> {
  const auth = await requireApiPermission(request, "property:manage");
  const parsed = z.uuid().safeParse(propertyId);
  if (!parsed.success || !staffCovers(auth.account, parsed.data) || !(await getPropertyRules(parsed.data))) {
    throw problem({ status: 404, code: "property_not_found" });
  }
  return { auth, actor: actorFor(auth, "system"), propertyId: parsed.data };
}
