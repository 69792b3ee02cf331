// The property setup pages (issue 11), one link each; the page shown is marked current.
import { useTranslation } from "react-i18next";

const PAGES = [
  { path: "/manage-property", key: "setup.navRates" },
  { path: "/manage-property/settings", key: "setup.navSettings" },
  { path: "/manage-property/room-types", key: "setup.navRoomTypes" },
  { path: "/manage-property/rooms", key: "setup.navRooms" },
  { path: "/manage-property/rate-plans", key: "setup.navRatePlans" },
] as const;

export function SetupNav({ current, propertyId }: { current: (typeof PAGES)[number]["path"]; propertyId: string }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t("setup.nav")} className="mt-4">
      <ul className="flex flex-wrap gap-x-6 gap-y-2">
        {PAGES.map((page) => (
          <li key={page.path}>
            <a
              href={`${page.path}?property=${propertyId}`}
              aria-current={page.path === current ? "page" : undefined}
              className={`inline-block min-h-6 underline ${page.path === current ? "font-semibold" : ""}`}
            >
              {t(page.key)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
