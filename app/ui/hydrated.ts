// True once the page is live in the browser: components render their plain,
// no-JavaScript form on the server and on the first render, and their richer
// form afterwards - with JavaScript the page is faster, not different.
import { useEffect, useState } from "react";

export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
