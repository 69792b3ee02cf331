// The app's pools give a connection back after an error the server answered
// (a refused booking, a taken e-mail address) instead of closing it and
// paying for a new one, and still close one that the error broke.
import { describe, expect, it } from "vitest";
import { getPool } from "../../db/pool.server";

const backend = async () => (await getPool().query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0].pid;

describe("the pool", () => {
  it("keeps the connection after an error the server answered", async () => {
    const before = await backend();
    await expect(getPool().query("SELECT 1 / 0")).rejects.toMatchObject({ code: "22012" });
    await expect(getPool().query("SELECT $1::int", ["not a number"])).rejects.toMatchObject({ code: "22P02" });
    expect(await backend()).toBe(before);
  });

  it("closes a connection the error broke, and the next query gets a working one", async () => {
    const before = await backend();
    await expect(getPool().query("SELECT pg_terminate_backend(pg_backend_pid())")).rejects.toBeDefined();
    const after = await backend();
    expect(after).not.toBe(before);
    expect(await getPool().query("SELECT 1 AS one")).toMatchObject({ rows: [{ one: 1 }] });
  });

  it("still answers callers that pass a callback", async () => {
    const result = await new Promise<number>((resolve, reject) =>
      getPool().query<{ n: number }>("SELECT 2 AS n", [], (error, answer) =>
        error ? reject(error) : resolve(answer.rows[0].n),
      ),
    );
    expect(result).toBe(2);
  });
});
