// Reloading a page's loader data from effects and timers: one function that
// stays the same across renders, and does nothing while a reload is running.
import { useRevalidator } from "@remix-run/react";
import { useCallback, useRef } from "react";

export function useRevalidate(): () => void {
  const revalidator = useRevalidator();
  const latest = useRef(revalidator);
  latest.current = revalidator;
  return useCallback(() => {
    if (latest.current.state === "idle") latest.current.revalidate();
  }, []);
}
