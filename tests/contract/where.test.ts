// The shape server decides simple where clauses in this process
// (shape-server/where.ts): wherever it gives a verdict, it must be the one
// Postgres gives, for any row, operand spelling and cast; anything it cannot
// decide it must hand back. And the app's own shapes must be of the kind it
// decides, or the work is all still Postgres's.
import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHAPES } from "~/sync/shapes";
import { VALUE_FORMAT_OPTIONS } from "../../shape-server/replication";
import { canonicalSql, parseWhere, predicateOf, type WhereColumn } from "../../shape-server/where";

let client: pg.Client;

const column = (name: string, type: string, isEnum = false): WhereColumn => ({
  name,
  type,
  dims: 0,
  isEnum,
  deterministic: true,
});
const COLUMNS = [
  column("t", "text"),
  column("u", "uuid"),
  column("n", "int4"),
  column("b", "int8"),
  column("d", "date"),
  column("ts", "timestamptz"),
  column("m", "mood", true),
  column("f", "bool"),
  column("x", "numeric"),
];

beforeAll(async () => {
  client = new pg.Client({ connectionString: process.env.DATABASE_OWNER_URL, options: VALUE_FORMAT_OPTIONS });
  await client.connect();
  await client.query("CREATE TYPE pg_temp.mood AS ENUM ('sad', 'ok', 'happy')");
  await client.query(
    "CREATE TEMP TABLE w (id int4 PRIMARY KEY, t text, u uuid, n int4, b int8, d date, ts timestamptz, m pg_temp.mood, f bool, x numeric)",
  );
});

afterAll(async () => {
  await client.end();
});

const UUIDS = ["0f9d1c2e-58a4-4f4e-9b57-0c3e8f6a1b2c", "7a1e3b5c-2d4f-4a6b-8c9d-0e1f2a3b4c5d"];
// Several spellings of close values, each as a literal Postgres reads.
const VALUES: Record<string, string[]> = {
  t: ["a", "b", "A", "é", "a ", "", "it''s"],
  u: [...UUIDS, UUIDS[0].toUpperCase(), `{${UUIDS[1]}}`],
  n: ["-2", "0", "1", "2", " 007", "2147483647"],
  b: ["-9007199254740993", "9007199254740993", "9007199254740992", "0", "10"],
  d: ["2026-01-05", "2026-1-5", "05/01/2026", "2026-01-06", "0999-12-31", "10000-01-01", "0044-03-15 BC", "infinity"],
  ts: [
    "2026-01-05 10:00:00+00",
    "2026-01-05T12:00:00+02",
    "2026-01-05 10:00:00.5+00",
    "2026-01-05 10:00:00.25+00",
    "2026-01-05 10:00:00.500001+00",
    "0999-01-01 00:00:00+00",
    "-infinity",
  ],
  m: ["sad", "ok", "happy"],
  f: ["t", "false", "yes"],
  x: ["1.0", "1.00", "2"],
};
const NAMES = Object.keys(VALUES);

type Case = { where: string; params: string[]; row: Record<string, string | null> };

const comparisonCase = fc
  .record({
    name: fc.constantFrom(...NAMES),
    operator: fc.constantFrom("=", "<>", "!=", "<", ">", "<=", ">=", "IN"),
    asParam: fc.boolean(),
    picks: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
    cast: fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 6 },
      { arbitrary: fc.constant("same"), weight: 2 },
      { arbitrary: fc.constantFrom("text", "date"), weight: 1 },
    ),
  })
  .map(({ name, operator, asParam, picks, cast }) => (params: string[]) => {
    const operand = (pick: number) => {
      const value = VALUES[name][pick % VALUES[name].length].replaceAll("''", "'");
      let sql: string;
      if (asParam) {
        params.push(value);
        sql = `$${params.length}`;
      } else sql = `'${value.replaceAll("'", "''")}'`;
      const type = cast === "same" ? COLUMNS.find((c) => c.name === name)!.type.replace("mood", "pg_temp.mood") : cast;
      return type ? `${sql}::${type}` : sql;
    };
    return operator === "IN"
      ? `${name} IN (${picks.map(operand).join(", ")})`
      : `${name} ${operator} ${operand(picks[0])}`;
  });

const caseArbitrary: fc.Arbitrary<Case> = fc
  .record({
    comparisons: fc.array(comparisonCase, { minLength: 1, maxLength: 3 }),
    join: fc.constantFrom(" AND ", " and ", "  AND\n", " AND ", " OR "),
    row: fc.record(
      Object.fromEntries(
        NAMES.map((name) => [
          name,
          fc.option(
            fc.nat().map((pick) => VALUES[name][pick % VALUES[name].length].replaceAll("''", "'")),
            { nil: null, freq: 5 },
          ),
        ]),
      ) as Record<string, fc.Arbitrary<string | null>>,
    ),
  })
  .map(({ comparisons, join, row }) => {
    const params: string[] = [];
    const where = comparisons.map((make) => make(params)).join(join);
    return { where, params, row };
  });

/** Postgres's verdict and the row as replication writes it; undefined if Postgres refuses the clause or the row. */
async function postgres({ where, params, row }: Case) {
  try {
    await client.query("SAVEPOINT w");
    const doc = `$${params.length + 1}`;
    const { rows } = await client.query({
      text: `SELECT (${where}) AS verdict, to_jsonb(w) AS output
               FROM jsonb_populate_record(NULL::w, ${doc}::jsonb) AS w`,
      values: [...params, JSON.stringify({ id: 1, ...row })],
    });
    await client.query("RELEASE SAVEPOINT w");
    return { verdict: rows[0].verdict === true, output: rows[0].output as Record<string, unknown> };
  } catch {
    await client.query("ROLLBACK TO SAVEPOINT w");
    return undefined;
  }
}

/** The row's values as the output functions write them (replication sends text). */
async function asReplicated(row: Record<string, string | null>) {
  const { rows } = await client.query({
    text: `SELECT ${NAMES.join(", ")} FROM jsonb_populate_record(NULL::w, $1::jsonb)`,
    values: [JSON.stringify(row)],
    types: { getTypeParser: () => (value: string) => value },
  });
  return rows[0] as Record<string, string | null>;
}

async function here({ where, params }: Case) {
  const comparisons = parseWhere(where, COLUMNS);
  if (!comparisons) return undefined;
  try {
    await client.query("SAVEPOINT c");
    const { rows } = await client.query(`SELECT ARRAY[${canonicalSql(comparisons).join(", ")}] AS canonical`, params);
    await client.query("RELEASE SAVEPOINT c");
    return predicateOf(comparisons, rows[0].canonical);
  } catch {
    await client.query("ROLLBACK TO SAVEPOINT c");
    return undefined;
  }
}

describe("where clauses decided in process", () => {
  it("give Postgres's verdict whenever they give one", async () => {
    await client.query("BEGIN");
    let decided = 0;
    try {
      await fc.assert(
        fc.asyncProperty(caseArbitrary, async (sample) => {
          const truth = await postgres(sample);
          if (!truth) return;
          const predicate = await here(sample);
          if (!predicate) return;
          const verdict = predicate(await asReplicated(sample.row));
          if (verdict === undefined) return;
          decided++;
          expect(verdict, JSON.stringify(sample)).toBe(truth.verdict);
        }),
        { numRuns: 3000 },
      );
    } finally {
      await client.query("ROLLBACK");
    }
    // Not a property that holds by deciding nothing.
    expect(decided).toBeGreaterThan(500);
  }, 120_000);

  it("hand back what they cannot decide", () => {
    for (const where of [
      "n = 1 OR n = 2",
      "NOT n = 1",
      "lower(t) = 'a'",
      "t < 'b'",
      "x = 1",
      "f = true",
      "n = 1 AND",
      "(n = 1)",
      "n IS NULL",
      "n = $1::text",
      "t = E'a'",
      "nope = 1",
    ])
      expect(parseWhere(where, COLUMNS), where).toBeUndefined();
  });

  it("decide every where clause of the app's own shapes and the live inventory's", () => {
    const reservations = [
      column("property_id", "uuid"),
      column("check_in", "date"),
      column("check_out", "date"),
      column("status", "reservation_status", true),
      column("created_at", "timestamptz"),
      column("account_id", "text"),
      column("night", "date"),
      column("rate_plan_id", "uuid"),
      column("ends", "date"),
    ];
    const clauses = [
      ...Object.values(SHAPES).map((shape) => shape.where),
      "check_out > $1 AND status IN ('held', 'confirmed', 'checked_in')",
      "night >= $1 AND rate_plan_id IN ($2, $3)",
      "ends > $1",
    ];
    for (const where of clauses) expect(parseWhere(where, reservations), where).toBeDefined();
  });
});
