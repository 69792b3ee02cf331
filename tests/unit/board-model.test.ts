// The board's figures from its shapes' rows: what each cell says, who has to
// be moved out of a room that went out of order, and the occupancy.
import { describe, expect, it } from "vitest";
import { boardModel, type BoardReservation, type BoardRoom } from "~/board/model";

const room = (id: string, number: string, outOfOrder = false): BoardRoom => ({
  id,
  number,
  floor: Number(number[0]),
  room_type_id: "t",
  housekeeping_status: "clean",
  out_of_order: outOfOrder,
});
const stay = (id: string, roomId: string, checkIn: string, checkOut: string, status: string): BoardReservation => ({
  id,
  booking_id: `b-${id}`,
  room_id: roomId,
  check_in: checkIn,
  check_out: checkOut,
  status,
});

const today = "2027-03-10";
const model = (rooms: BoardRoom[], reservations: BoardReservation[]) =>
  boardModel({ rooms, reservations, bookings: [], from: today, nights: 3, today });

describe("the occupancy board's model", () => {
  it("colours each night by the reservation in it, and ignores cancelled ones", () => {
    const board = model(
      [room("a", "101"), room("b", "102")],
      [
        stay("1", "a", "2027-03-09", "2027-03-11", "checked_in"),
        stay("2", "a", "2027-03-11", "2027-03-12", "held"),
        stay("3", "b", "2027-03-10", "2027-03-13", "cancelled"),
      ],
    );
    expect(board.grid.map(({ cells }) => cells.map((cell) => cell.state))).toEqual([
      ["in_house", "held", "free"],
      ["free", "free", "free"],
    ]);
    expect(board.tonight).toEqual({ sold: 1, available: 2, percent: 50 });
  });

  it("keeps showing a guest in a room taken out of order, and lists them to be moved", () => {
    const board = model(
      [room("a", "101", true), room("b", "102", true), room("c", "103")],
      [
        stay("1", "a", "2027-03-11", "2027-03-13", "confirmed"),
        // Left this morning: nobody to move.
        stay("2", "b", "2027-03-08", "2027-03-10", "checked_in"),
      ],
    );
    const [a, b] = board.grid;
    expect(a.cells.map((cell) => [cell.state, cell.toMove])).toEqual([
      ["out_of_order", false],
      ["confirmed", true],
      ["confirmed", true],
    ]);
    expect(b.cells.every((cell) => cell.state === "out_of_order" && !cell.toMove)).toBe(true);
    expect(board.toMove.map((item) => [item.roomNumber, item.id])).toEqual([["101", "1"]]);
    expect(board.outOfOrder).toBe(2);
    // Rooms out of order are not for sale tonight.
    expect(board.tonight.available).toBe(1);
  });

  it("counts a window out of order: its nights are out of order, not available, and listed with the reason", () => {
    const board = boardModel({
      rooms: [room("a", "101"), room("b", "102")],
      reservations: [stay("1", "b", "2027-03-10", "2027-03-11", "confirmed")],
      bookings: [],
      blocks: [
        { id: "w1", room_id: "a", starts: "2027-03-11", ends: "2027-03-13", reason: "Painting" },
        { id: "w0", room_id: "b", starts: "2027-03-01", ends: "2027-03-10", reason: "Over" },
      ],
      from: today,
      nights: 3,
      today,
    });
    expect(board.grid.map(({ cells }) => cells.map((cell) => cell.state))).toEqual([
      ["free", "out_of_order", "out_of_order"],
      ["confirmed", "free", "free"],
    ]);
    // Tonight both rooms can be sold; over the week room 101 is out for two nights.
    expect(board.tonight).toEqual({ sold: 1, available: 2, percent: 50 });
    expect(board.week.available).toBe(7 * 2 - 2);
    expect(board.outOfOrder).toBe(0);
    expect(board.outOfOrderWindows).toEqual([
      { id: "w1", room_id: "a", starts: "2027-03-11", ends: "2027-03-13", reason: "Painting", roomNumber: "101" },
    ]);
  });
});
