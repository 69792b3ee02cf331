// Conditional GET (RFC 9110, 13.1.2): whether If-None-Match names the entity
// tag of the answer the client would get, so that 304 Not Modified will do.
// Weak comparison, as the RFC asks for If-None-Match.
export function noneMatchHits(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((tag) => tag.trim() === "*" || opaque(tag) === opaque(etag));
}
