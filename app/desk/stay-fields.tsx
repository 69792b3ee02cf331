// The fields a walk-in is made of, shared by the walk-in's hold (online) and
// the provisional walk-in (offline): arrival and departure, the room, the party.
import type { ReactNode, RefObject } from "react";
import { useTranslation } from "react-i18next";
import type { BoardRoom } from "~/board/model";
import { SELECT } from "./model";

/** A control with its visible label above it. */
export function Labelled({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="font-medium">
        {label}
      </label>
      {children}
    </div>
  );
}

export function StayDates({
  idPrefix,
  checkIn,
  checkOut,
  inputRef,
}: {
  idPrefix: string;
  checkIn: string;
  checkOut: string;
  inputRef?: RefObject<HTMLInputElement>;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Labelled id={`${idPrefix}-checkIn`} label={t("fields.checkIn")}>
        <input
          ref={inputRef}
          id={`${idPrefix}-checkIn`}
          name="checkIn"
          type="date"
          required
          defaultValue={checkIn}
          className={SELECT}
        />
      </Labelled>
      <Labelled id={`${idPrefix}-checkOut`} label={t("fields.checkOut")}>
        <input
          id={`${idPrefix}-checkOut`}
          name="checkOut"
          type="date"
          required
          defaultValue={checkOut}
          className={SELECT}
        />
      </Labelled>
    </>
  );
}

/** The rooms by number; with `anyRoom`, a first choice that lets the engine pick. */
export function RoomSelect({
  idPrefix,
  rooms,
  anyRoom,
  defaultValue,
  focusHere,
}: {
  idPrefix: string;
  rooms: BoardRoom[];
  anyRoom?: boolean;
  defaultValue?: string;
  focusHere?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Labelled id={`${idPrefix}-roomId`} label={t("desk.room")}>
      <select
        key={defaultValue}
        id={`${idPrefix}-roomId`}
        name="roomId"
        required={!anyRoom}
        className={SELECT}
        defaultValue={defaultValue}
        data-focus-here={focusHere || undefined}
      >
        {anyRoom && <option value="">{t("desk.anyRoom")}</option>}
        {[...rooms]
          .sort((a, b) => a.number.localeCompare(b.number, undefined, { numeric: true }))
          .map((room) => (
            <option key={room.id} value={room.id}>
              {room.number}
            </option>
          ))}
      </select>
    </Labelled>
  );
}

export function Adults({ idPrefix, defaultValue }: { idPrefix: string; defaultValue: string }) {
  const { t } = useTranslation();
  return (
    <Labelled id={`${idPrefix}-adults`} label={t("fields.adults")}>
      <input
        id={`${idPrefix}-adults`}
        name="adults"
        type="number"
        min={1}
        max={36}
        required
        defaultValue={defaultValue}
        className={SELECT}
      />
    </Labelled>
  );
}
