// A wide table that scrolls sideways inside its own box, never the page (so
// it reflows at 320 px); keyboard users can focus it to scroll, and it is
// named for screen readers by the heading or caption it points to.
import type { ReactNode } from "react";

export function ScrollRegion({
  labelledBy,
  className = "",
  children,
}: {
  labelledBy: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div
      role="region"
      aria-labelledby={labelledBy}
      tabIndex={0}
      className={`relative overflow-x-auto rounded-lg border border-stone-300 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-700 ${className}`}
    >
      {children}
    </div>
  );
}
