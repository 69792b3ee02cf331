// GET /shapes/:name: a named shape of app/sync/shapes.ts,
// through the authenticated proxy, for @electric-sql/client in the browser.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { onlyMethods } from "~/api/problem.server";
import { proxyShape } from "~/sync/shape-proxy.server";

export const loader = ({ request, params }: LoaderFunctionArgs) => proxyShape(request, params.name ?? "");

export const action = onlyMethods(["GET"]);
