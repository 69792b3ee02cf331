// Anything else under /api/v1 is a problem+json 404, never an HTML page.
import { apiHandler, problem } from "~/api/problem.server";

const notFound = ({ request }: { request: Request }) =>
  apiHandler(request, async () => problem({ status: 404, code: "not_found" }));

export const loader = notFound;
export const action = notFound;
