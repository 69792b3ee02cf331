// Telling "the network (or the server) is unreachable" from every other failure.

/** A fetch that never got an answer: the browser is offline, the line is down, or the server is. */
export function isNetworkFailure(error: unknown): boolean {
  if (typeof navigator !== "undefined" && !navigator.onLine) return true;
  return error instanceof TypeError || (error instanceof DOMException && error.name === "AbortError");
}

/**
 * The last data a loader answered with, kept in memory by the page, so that a
 * navigation with no network (opening a stay, a search) can be answered from
 * it instead of failing; `online` false when it was.
 */
export async function orLastKnown<T>(serverLoader: () => Promise<T>, last: T | undefined): Promise<T> {
  try {
    return await serverLoader();
  } catch (error) {
    if (last === undefined || !isNetworkFailure(error)) throw error;
    return last;
  }
}
