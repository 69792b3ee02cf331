// Dates and money, written the way the reader's language writes them.
export function formatDate(date: string, locale: string, style: "medium" | "full" = "medium"): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: style, timeZone: "UTC" }).format(new Date(`${date}T00:00:00Z`));
}
