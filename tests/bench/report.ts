// Figures as the benchmark prints them: percentiles, a few number formats,
// and the closing summary table (Markdown, to paste into the README). A
// target is printed beside its figure and never asserted.

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** 1234.5 → "1,235"; 12.34 → "12.3"; 0.01234 → "0.0123"; NaN → "n/a". */
export function num(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return "n/a";
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 1 ? 1 : 3;
  return value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export function ms(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? "n/a" : `${num(value)} ms`;
}

/** a / b to two decimals, "n/a" when either is missing or b is 0. */
export function ratio(a: number | undefined, b: number | undefined): string {
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return "n/a";
  return (a / b).toFixed(2);
}

type Target = { text: string; met: (value: number) => boolean };

/** A bound as the issue writes it: ratios with one decimal ("1.0"), other figures as they are. */
const bound = (value: number, unit: string) =>
  unit === "" && value > 0 && value < 10 ? value.toFixed(1) : String(value);

export const atLeast = (value: number, unit = ""): Target => ({
  text: `≥ ${bound(value, unit)}${unit}`,
  met: (figure) => figure >= value,
});
export const atMost = (value: number, unit = ""): Target => ({
  text: `≤ ${bound(value, unit)}${unit}`,
  met: (figure) => figure <= value,
});
export const below = (value: number, unit = ""): Target => ({
  text: `< ${value}${unit}`,
  met: (figure) => figure < value,
});
/** A count that must be zero. */
export const none: Target = { text: "0", met: (figure) => figure === 0 };
/** Within ±share of 1 (a ratio after growth). */
export const flat = (share: number): Target => ({
  text: `${(1 - share).toFixed(1)}–${(1 + share).toFixed(1)}`,
  met: (value) => Math.abs(value - 1) <= share,
});

type SummaryRow = { figure: string; value: string; target: string; verdict: string };

/** The table printed at the end: every figure, ratio and target of the run. */
export class Summary {
  private rows: SummaryRow[] = [];

  /** A figure without a target of its own. */
  figure(figure: string, value: string): void {
    this.rows.push({ figure, value, target: "", verdict: "" });
  }

  /** A figure measured against a target: "met" or "missed" beside it, "n/a" when there is no number. */
  target(figure: string, value: number | undefined, shown: string, target: Target): void {
    const known = value !== undefined && Number.isFinite(value);
    this.rows.push({
      figure,
      value: shown,
      target: target.text,
      verdict: known ? (target.met(value) ? "met" : "missed") : "n/a",
    });
  }

  print(): void {
    const header: SummaryRow = { figure: "Figure", value: "Value", target: "Target", verdict: "" };
    const widths = {
      figure: Math.max(...[header, ...this.rows].map((row) => row.figure.length)),
      value: Math.max(...[header, ...this.rows].map((row) => row.value.length)),
      target: Math.max(...[header, ...this.rows].map((row) => row.target.length)),
      verdict: Math.max(...[header, ...this.rows].map((row) => row.verdict.length)),
    };
    const line = (row: SummaryRow) =>
      `| ${row.figure.padEnd(widths.figure)} | ${row.value.padEnd(widths.value)} | ${row.target.padEnd(widths.target)} | ${row.verdict.padEnd(widths.verdict)} |`;
    console.log(line(header));
    console.log(
      `|${"-".repeat(widths.figure + 2)}|${"-".repeat(widths.value + 2)}|${"-".repeat(widths.target + 2)}|${"-".repeat(widths.verdict + 2)}|`,
    );
    for (const row of this.rows) console.log(line(row));
  }
}
