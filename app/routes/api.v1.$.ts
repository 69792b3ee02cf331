// Anything else under /api/v1 is a problem+json 404, never an HTML page.
import { problem } from "~/api/problem.server";

const notFound = () => problem({ status: 404, code: "not_found", title: "There is no such API endpoint." });

export const loader = notFound;
export const action = notFound;
