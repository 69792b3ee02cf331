// The walk-in form: dates, a room type or a room from the rack, the party; a hold on submit.
import { Form, useLocation, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { addDays } from "~/booking/dates";
import { Alert, Button } from "~/ui/form";
import type { DeskAnswer } from "~/web/desk.server";
import { SELECT, type Desk } from "./model";
import { Adults, Labelled, RoomSelect, StayDates } from "./stay-fields";

export function WalkIn({
  desk,
  answer,
  inputRef,
}: {
  desk: Desk;
  answer: DeskAnswer | undefined;
  inputRef: React.RefObject<HTMLInputElement>;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  // A room picked on the rack: the walk-in form starts with it, and the keyboard goes there.
  const picked = params.get("room") ?? "";
  const pickedNow = Boolean(picked) && !params.get("stay") && !params.get("hold");
  const location = useLocation();
  const answered = answer && !answer.ok && answer.intent === "hold" ? answer : undefined;
  // A refused hold stays on screen until the clerk moves on: the page reloads its data whenever the
  // house changes (the rival's hold arriving, say), and a reload forgets the form's answer.
  const [kept, setKept] = useState<{ answer: typeof answered; at: string }>();
  useEffect(() => {
    if (answered) setKept({ answer: answered, at: location.key });
  }, [answered, location.key]);
  const failed = answered ?? (kept?.at === location.key ? kept.answer : undefined);
  const checkIn = failed?.hold?.checkIn ?? desk.today;
  const checkOut = failed?.hold?.checkOut ?? addDays(desk.today, 1);
  const adults = String(failed?.hold?.adults ?? 1);
  return (
    <section aria-labelledby="walk-in" className="rounded border border-stone-300 p-4">
      <h2 id="walk-in" className="text-xl font-semibold">
        {t("desk.walkIn")}
      </h2>
      <p className="mt-1 text-sm text-stone-700" data-testid="hold-minutes">
        {t("desk.holdLasts", { minutes: desk.property.holdMinutes })}
      </p>
      {failed && (
        <div className="mt-3" data-testid="hold-problem">
          <Alert>
            {failed.problems.map((problem) => (
              <p key={`${problem.field}${problem.key}`}>{t(problem.key, problem.values)}</p>
            ))}
            {failed.alternatives && failed.alternatives.length > 0 && <p>{t("desk.alternatives")}</p>}
          </Alert>
          {failed.alternatives && failed.alternatives.length > 0 && (
            <ul className="mt-2 flex flex-wrap gap-2">
              {failed.alternatives.map((room) => (
                <li key={room.roomId}>
                  <Form method="post" preventScrollReset>
                    <input type="hidden" name="intent" value="hold" />
                    <input type="hidden" name="roomId" value={room.roomId} />
                    <input type="hidden" name="checkIn" value={checkIn} />
                    <input type="hidden" name="checkOut" value={checkOut} />
                    <input type="hidden" name="adults" value={adults} />
                    <Button variant="secondary">{t("desk.holdRoom", { number: room.roomNumber })}</Button>
                  </Form>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <Form method="post" preventScrollReset className="mt-3 grid gap-3 sm:grid-cols-2">
        <input type="hidden" name="intent" value="hold" />
        <input type="hidden" name="key" value={desk.key} />
        <StayDates idPrefix="walkin" checkIn={checkIn} checkOut={checkOut} inputRef={inputRef} />
        <Labelled id="walkin-roomTypeId" label={t("fields.roomTypeId")}>
          <select id="walkin-roomTypeId" name="roomTypeId" className={SELECT}>
            {desk.roomTypes.map((type) => (
              <option key={type.id} value={type.id}>
                {type.name}
              </option>
            ))}
          </select>
        </Labelled>
        <RoomSelect idPrefix="walkin" rooms={desk.rows.rooms} anyRoom defaultValue={picked} focusHere={pickedNow} />
        <Adults idPrefix="walkin" defaultValue={adults} />
        <div className="flex items-end">
          <Button isDisabled={navigation.state === "submitting"}>{t("desk.hold")}</Button>
        </div>
      </Form>
    </section>
  );
}
