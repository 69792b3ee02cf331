// A shape's where clause decided in this process, for the clauses the app's
// shapes use: comparisons of a column with parameters or literals, joined by
// AND. Anything else (OR, NOT, functions, text ordering, numeric types whose
// text is not canonical, ...) is left to Postgres, as before (decision record
// 025). The operands are first put in Postgres's own canonical text by
// Postgres (`$1::date::text`), so comparing texts decides as Postgres would:
// equality for types whose output is canonical, and order only where the
// text's order is the value's (integers as integers; dates and UTC timestamps
// in their ISO form, checked on every value).

/** What the compiler needs to know of a column. */
export type WhereColumn = {
  name: string;
  /** pg_type.typname, of the element for arrays. */
  type: string;
  dims: number;
  /** An enum type: its labels are its canonical text. */
  isEnum: boolean;
  /** False for a column with a nondeterministic collation (equal text is then not equal value). */
  deterministic: boolean;
};

type Operator = "=" | "<>" | "<" | ">" | "<=" | ">=";
type Operand = { sql: string; cast?: string };
type Comparison = { column: WhereColumn; operator: Operator | "in"; operands: Operand[] };

/** true or false as Postgres decides; undefined when a value is outside what this code can compare (ask Postgres). */
export type RowPredicate = (row: Record<string, string | null>) => boolean | undefined;

/** The where clause as comparisons, with the operands to put in canonical form; undefined if it is not of that kind. */
export function parseWhere(where: string, columns: WhereColumn[]): Comparison[] | undefined {
  const tokens = tokenize(where);
  if (!tokens) return undefined;
  let at = 0;
  const peek = () => tokens[at];
  const take = () => tokens[at++];
  const keyword = (word: string) => peek()?.kind === "word" && peek()!.text.toUpperCase() === word;

  const operand = (): Operand | undefined => {
    const token = take();
    if (!token || (token.kind !== "param" && token.kind !== "string" && token.kind !== "number")) return undefined;
    // A cast, of the operand only: its type must be the column's (checked below, by name).
    let cast: string | undefined;
    if (peek()?.kind === "cast") {
      take();
      const type = take();
      if (type?.kind !== "word") return undefined;
      cast = type.text.toLowerCase();
    }
    return { sql: token.text, cast };
  };

  const comparisons: Comparison[] = [];
  for (;;) {
    const name = take();
    if (name?.kind !== "word" && name?.kind !== "quoted") return undefined;
    const column = columns.find((candidate) =>
      name.kind === "quoted" ? candidate.name === name.text : candidate.name === name.text.toLowerCase(),
    );
    if (!column || column.dims > 0) return undefined;
    let comparison: Comparison;
    if (keyword("IN")) {
      take();
      if (take()?.kind !== "open") return undefined;
      const operands: Operand[] = [];
      for (;;) {
        const item = operand();
        if (!item) return undefined;
        operands.push(item);
        const next = take();
        if (next?.kind === "close") break;
        if (next?.kind !== "comma") return undefined;
      }
      comparison = { column, operator: "in", operands };
    } else {
      const token = take();
      if (token?.kind !== "operator") return undefined;
      const item = operand();
      if (!item) return undefined;
      comparison = { column, operator: (token.text === "!=" ? "<>" : token.text) as Operator, operands: [item] };
    }
    for (const item of comparison.operands) {
      if (item.cast && canonicalType(item.cast) !== column.type) return undefined;
    }
    if (!comparable(comparison)) return undefined;
    comparisons.push(comparison);
    if (at === tokens.length) return comparisons;
    if (!keyword("AND")) return undefined;
    take();
  }
}

/**
 * The predicate for comparisons whose operands Postgres has put in canonical
 * text (`canonical`, one per operand, in order).
 */
export function predicateOf(comparisons: Comparison[], canonical: string[]): RowPredicate {
  let next = 0;
  const tests = comparisons.map(({ column, operator, operands }) => {
    const values = operands.map(() => canonical[next++]);
    const order = orderOf(column);
    return { name: column.name, operator, values, order };
  });
  return (row) => {
    let verdict: boolean | undefined = true;
    for (const { name, operator, values, order } of tests) {
      const value = row[name];
      // NULL compares to nothing: the row is not in the shape.
      if (value === null || value === undefined) return false;
      if (operator === "in" || operator === "=" || operator === "<>") {
        const equal = values.some((candidate) => candidate === value);
        if (operator === "<>" ? equal : !equal) return false;
        continue;
      }
      const ordered = order?.(value, values[0]);
      if (ordered === undefined) {
        verdict = undefined;
        continue;
      }
      const holds =
        operator === "<"
          ? ordered < 0
          : operator === ">"
            ? ordered > 0
            : operator === "<="
              ? ordered <= 0
              : ordered >= 0;
      if (!holds) return false;
    }
    return verdict;
  };
}

/** Each operand, as SQL that Postgres turns into the column type's canonical text. */
export function canonicalSql(comparisons: Comparison[]): string[] {
  return comparisons.flatMap(({ column, operands }) =>
    operands.map((operand) => `((${operand.sql})::${quoteType(column.type)})::text`),
  );
}

const INTEGER = new Set(["int2", "int4", "int8"]);
/** Types whose canonical text is equal exactly when the values are. */
// Not bool: its cast to text says "true" where its output says "t".
const EQUAL_BY_TEXT = new Set(["uuid", "text", "varchar", "int2", "int4", "int8", "date", "timestamptz"]);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
// TimeZone=UTC and DateStyle=ISO (VALUE_FORMAT_OPTIONS): a four-digit year, no trailing zeros in the fraction.
const UTC_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?\+00$/;

function comparable({ column, operator }: Comparison): boolean {
  const equality = operator === "in" || operator === "=" || operator === "<>";
  if (equality) return (EQUAL_BY_TEXT.has(column.type) || column.isEnum) && column.deterministic;
  return orderOf(column) !== undefined;
}

/** Compares two canonical texts of the column's type as Postgres orders the values; undefined if one is not comparable here. */
function orderOf(column: WhereColumn): ((a: string, b: string) => number | undefined) | undefined {
  if (INTEGER.has(column.type)) {
    return (a, b) => {
      const x = BigInt(a);
      const y = BigInt(b);
      return x < y ? -1 : x > y ? 1 : 0;
    };
  }
  const pattern = column.type === "date" ? ISO_DATE : column.type === "timestamptz" ? UTC_TIMESTAMP : undefined;
  if (!pattern) return undefined;
  // Four-digit years (Postgres pads them), AD, same form: the text's order is the time's.
  return (a, b) => (pattern.test(a) && pattern.test(b) ? byText(a, b) : undefined);
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const TYPE_NAMES: Record<string, string> = {
  integer: "int4",
  int: "int4",
  bigint: "int8",
  smallint: "int2",
  timestamptz: "timestamptz",
};

function canonicalType(name: string): string {
  return TYPE_NAMES[name] ?? name;
}

function quoteType(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

type Token = {
  kind: "word" | "quoted" | "param" | "string" | "number" | "operator" | "cast" | "open" | "close" | "comma";
  text: string;
};

function tokenize(clause: string): Token[] | undefined {
  const where = clause.trim();
  const tokens: Token[] = [];
  const pattern =
    /\s*(?:(\$[1-9][0-9]{0,3})|('(?:[^']|'')*')|("(?:[^"]|"")+")|([A-Za-z_][A-Za-z0-9_]*)|(-?[0-9]+)(?![0-9.eE])|(<>|!=|<=|>=|=|<|>)|(::)|(\()|(\))|(,))\s*/y;
  let at = 0;
  while (at < where.length) {
    pattern.lastIndex = at;
    const match = pattern.exec(where);
    if (!match) return undefined;
    at = pattern.lastIndex;
    const [, param, string, quoted, word, number, operator, cast, open, close, comma] = match;
    if (param) tokens.push({ kind: "param", text: param });
    else if (string) tokens.push({ kind: "string", text: string });
    else if (quoted) tokens.push({ kind: "quoted", text: quoted.slice(1, -1).replaceAll('""', '"') });
    else if (word) tokens.push({ kind: "word", text: word });
    else if (number) tokens.push({ kind: "number", text: number });
    else if (operator) tokens.push({ kind: "operator", text: operator });
    else if (cast) tokens.push({ kind: "cast", text: cast });
    else if (open) tokens.push({ kind: "open", text: open });
    else if (close) tokens.push({ kind: "close", text: close });
    else if (comma) tokens.push({ kind: "comma", text: comma });
  }
  return tokens;
}
