// The arrival and departure dates of a stay. Without JavaScript (and on the
// first render) they are two native date fields; once the page is live they
// become react-aria's date range picker: typed segment by segment or chosen
// on a calendar, fully usable by keyboard and screen reader. The form posts
// `checkIn` and `checkOut` either way, and dates typed into the native fields
// while the page was still loading carry over into the picker.
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { parseDate, type CalendarDate } from "@internationalized/date";
import {
  Button,
  CalendarCell,
  CalendarGrid,
  DateInput,
  DateRangePicker,
  DateSegment,
  Dialog,
  Group,
  Heading,
  I18nProvider,
  Label,
  Popover,
  RangeCalendar,
  type DateSegmentProps,
} from "react-aria-components";

type Props = {
  checkIn: string;
  checkOut: string;
  min: string;
  locale: string;
  errors: { checkIn?: string; checkOut?: string };
};

const inputClass = "min-h-11 rounded border border-stone-500 p-2";

/** One part of a typed date; the parts one can focus are at least 24 px wide, whatever the script's digits. */
function segment(part: DateSegmentProps["segment"]) {
  return (
    <DateSegment
      segment={part}
      className={
        part.type === "literal"
          ? "px-0.5"
          : "inline-block min-w-6 rounded px-0.5 text-center tabular-nums focus:bg-teal-800 focus:text-white"
      }
    />
  );
}

function ErrorText({ id, text }: { id: string; text?: string }) {
  return text ? (
    <span id={id} className="text-sm font-medium text-red-800">
      {text}
    </span>
  ) : null;
}

type Stay = { checkIn: string; checkOut: string };

export function StayDates({ checkIn, checkOut, min, locale, errors }: Props) {
  const { t } = useTranslation();
  const labels = {
    stay: t("search.stay"),
    arrival: t("search.arrival"),
    departure: t("search.departure"),
    calendar: t("search.calendar"),
    previous: t("search.previousMonth"),
    next: t("search.nextMonth"),
  };
  const native = useRef<Partial<Record<keyof Stay, HTMLInputElement | null>>>({});
  const [live, setLive] = useState<Stay | null>(null);
  useEffect(() => {
    setLive({
      checkIn: native.current.checkIn?.value || checkIn,
      checkOut: native.current.checkOut?.value || checkOut,
    });
    // Only once, at hydration.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const safe = (value: string, fallback: string): CalendarDate => {
    try {
      return parseDate(value);
    } catch {
      return parseDate(fallback);
    }
  };
  if (!live) {
    const fields = [
      { name: "checkIn" as const, label: labels.arrival, value: checkIn, error: errors.checkIn },
      { name: "checkOut" as const, label: labels.departure, value: checkOut, error: errors.checkOut },
    ];
    return (
      <>
        {fields.map((field) => (
          <label key={field.name} className="flex flex-col gap-1">
            <span className="font-medium">{field.label}</span>
            <input
              type="date"
              ref={(element) => {
                native.current[field.name] = element;
              }}
              name={field.name}
              required
              defaultValue={field.value}
              min={min}
              className={inputClass}
              aria-describedby={field.error ? `${field.name}-error` : undefined}
            />
            <ErrorText id={`${field.name}-error`} text={field.error} />
          </label>
        ))}
      </>
    );
  }
  const error = errors.checkIn ?? errors.checkOut;
  return (
    <I18nProvider locale={locale}>
      <DateRangePicker
        className="flex flex-col gap-1 sm:col-span-2"
        startName="checkIn"
        endName="checkOut"
        defaultValue={{ start: safe(live.checkIn, min), end: safe(live.checkOut, min) }}
        minValue={parseDate(min)}
        isInvalid={Boolean(error)}
        isRequired
      >
        <Label className="font-medium">{labels.stay}</Label>
        <Group
          className={`flex min-h-11 flex-wrap items-center gap-2 rounded border border-stone-500 bg-white p-2 ${error ? "border-red-700" : ""}`}
        >
          <DateInput slot="start" aria-label={labels.arrival} className="flex">
            {segment}
          </DateInput>
          <span aria-hidden="true">–</span>
          <DateInput slot="end" aria-label={labels.departure} className="flex">
            {segment}
          </DateInput>
          <Button aria-label={labels.calendar} className="ms-auto min-h-8 min-w-8 rounded border border-stone-400 px-2">
            <span aria-hidden="true">▾</span>
          </Button>
        </Group>
        {error && <span className="text-sm font-medium text-red-800">{error}</span>}
        <Popover className="rounded-lg border border-stone-300 bg-white p-3 shadow-lg">
          <Dialog aria-label={labels.calendar}>
            <RangeCalendar>
              <header className="mb-2 flex items-center justify-between gap-2">
                <Button
                  slot="previous"
                  aria-label={labels.previous}
                  className="min-h-8 min-w-8 rounded border border-stone-400"
                >
                  <span aria-hidden="true">‹</span>
                </Button>
                <Heading className="font-semibold" />
                <Button
                  slot="next"
                  aria-label={labels.next}
                  className="min-h-8 min-w-8 rounded border border-stone-400"
                >
                  <span aria-hidden="true">›</span>
                </Button>
              </header>
              <CalendarGrid>
                {(date) => (
                  <CalendarCell
                    date={date}
                    className="flex h-9 w-9 items-center justify-center rounded data-[outside-month]:hidden data-[selected]:bg-teal-100 data-[disabled]:text-stone-400 data-[selection-start]:bg-teal-800 data-[selection-end]:bg-teal-800 data-[selection-start]:text-white data-[selection-end]:text-white data-[focus-visible]:outline data-[focus-visible]:outline-2 data-[focus-visible]:outline-teal-800"
                  />
                )}
              </CalendarGrid>
            </RangeCalendar>
          </Dialog>
        </Popover>
      </DateRangePicker>
    </I18nProvider>
  );
}
