// Liveness and database reachability, for load balancers and compose health checks.
import { getPool } from "../../db/pool.server";

export async function loader() {
  try {
    await getPool().query("SELECT 1");
    return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return Response.json({ status: "database unavailable" }, { status: 503 });
  }
}
