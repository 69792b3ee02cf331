// Shared by the endpoints that act on one property as its management:
// property setup (issue 11) and the desk's management (hold duration, night
// audit). The role must allow `action` (403 otherwise), and the property must
// be one of the account's (404 elsewhere, as for an unknown id).
import { z } from "zod";
import type { Action } from "~/auth/permissions";
import { staffCovers, type Auth } from "~/auth/session.server";
import { actorFor } from "~/booking/access.server";
import { getPropertyRules } from "~/booking/property.server";
import type { Actor } from "../../db/pool.server";
import { problem } from "./problem.server";
import { requireApiPermission } from "./request.server";

export async function requirePropertyManagement(
  request: Request,
  propertyId: string | undefined,
  action: Action,
  channel: Actor["channel"],
): Promise<{ auth: Auth; actor: Actor; propertyId: string }> {
  const auth = await requireApiPermission(request, action);
  const parsed = z.uuid().safeParse(propertyId);
  if (!parsed.success || !staffCovers(auth.account, parsed.data) || !(await getPropertyRules(parsed.data))) {
    throw problem({ status: 404, code: "property_not_found" });
  }
  return { auth, actor: actorFor(auth, channel), propertyId: parsed.data };
}

/** What the property sells (room types, rooms, rate plans, rates): its managers and admins. */
export function requirePropertyManager(request: Request, propertyId: string | undefined) {
  return requirePropertyManagement(request, propertyId, "property:manage", "system");
}
