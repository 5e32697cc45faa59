/**
 * `scope.spawn((x: number) => ..., 1)`: the form in form.cts with kind "literal". The
 * literal given to runAsync / submit / map / spawn is extracted as if it were marked,
 * with makeAsync, or tamed when it is an async function.
 */
import type * as ts from "typescript";
import type { Context } from "../context.cjs";
import type { MarkerKind } from "../markers.cjs";
import { takerOf } from "../markers.cjs";
import { unmarkedArgument } from "../unmarked.cjs";
import { declaredName, isAsync, type Extraction } from "./form.cjs";

export function extractLiteral(ctx: Context, node: ts.Node): Extraction {
  const { ts } = ctx;
  if (!ts.isCallExpression(node)) return undefined;
  const taker = takerOf(ctx, node);
  if (taker === undefined) return undefined;
  const fn = node.arguments[0];
  if (fn === undefined || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) {
    const unmarked = unmarkedArgument(ctx, node, taker); // else marked, or not known here: the runtime checks it
    return unmarked === undefined ? undefined : { problem: unmarked };
  }
  const marker: MarkerKind = isAsync(ts, fn) ? "tamed" : "makeAsync";
  const around = declaredName(ts, node);
  return {
    form: { kind: "literal", site: fn, taker },
    marker,
    name: `the function given to ${taker}() in ${around}`,
    markedBy: taker,
    fn,
    roots: [],
    entry: { kind: "literal", node: fn },
    key: `${taker}.${around}`,
  };
}
