// A named shape's rows (./shapes) read straight from Postgres, with the same
// table, columns, where clause and params the proxy sends upstream: what a page
// renders before (or without) its live shape, from the one definition.
import { getPool } from "../../db/pool.server";
import { SHAPES, type ShapeContext, type ShapeName } from "./shapes";

export async function readShape<Row>(name: ShapeName, args: unknown, context: ShapeContext): Promise<Row[]> {
  // One shape's spec; its argument type is erased here, checked by its own schema.
  const shape = SHAPES[name] as unknown as (typeof SHAPES)["rooms"];
  const columns = shape.columns.map((column) => `"${column}"`).join(", ");
  const { rows } = await getPool().query(
    `SELECT ${columns} FROM "${shape.table}" WHERE ${shape.where}`,
    shape.params(shape.args.parse(args), context),
  );
  return rows as Row[];
}
