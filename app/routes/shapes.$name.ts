// GET /shapes/:name: a named shape of app/sync/shapes.ts,
// through the authenticated proxy, for @electric-sql/client in the browser.
// Under `npm start` the launcher answers this path itself with the same proxy
// before Remix routes it (shapeRequestHandler, ADR 022); this route answers
// wherever the Remix build runs without the launcher (tests, other adapters).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { onlyMethods } from "~/api/problem.server";
import { proxyShape } from "~/sync/shape-proxy.server";

export const loader = ({ request, params }: LoaderFunctionArgs) => proxyShape(request, params.name ?? "");

export const action = onlyMethods(["GET"]);
