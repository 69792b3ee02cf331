// Where focus goes after the page changes without a full load: to the first
// field that needs fixing, else the first alert, else what the page marks
// with data-focus-here (a panel it just opened), else the page's heading - so
// keyboard and screen-reader users start where the news is.
import { useLocation, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";

export function useFocusAfterNavigation() {
  const location = useLocation();
  const navigation = useNavigation();
  const initial = useRef(true);
  useEffect(() => {
    if (initial.current) {
      // A full page load leaves focus where the browser puts it (the skip link comes first).
      initial.current = false;
      return;
    }
    if (navigation.state !== "idle") return;
    const target =
      document.querySelector<HTMLElement>('main [aria-invalid="true"]') ??
      document.querySelector<HTMLElement>('main [role="alert"]') ??
      document.querySelector<HTMLElement>("main [data-focus-here]") ??
      document.querySelector<HTMLElement>("main h1");
    if (!target) return;
    if (!target.matches("input, select, textarea, button, a[href]")) target.setAttribute("tabindex", "-1");
    target.focus();
  }, [location.key, navigation.state]);
}
