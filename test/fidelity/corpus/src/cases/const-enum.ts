// Const enums from another module.
import { makeAsync } from "tamed";
import { Op, Precedence } from "./support/ops.js";

function precedence(op: string): number {
  return op === Op.Mul || op === Op.Div ? Precedence.High : Precedence.Low;
}

/** Evaluates "1 + 2 * 3" left to right with two precedence levels (no parentheses). */
export const evaluate = makeAsync((expr: string): number => {
  const tokens = expr.split(/\s+/);
  const values: number[] = [];
  const ops: string[] = [];
  const apply = (): void => {
    const b = values.pop()!;
    const a = values.pop()!;
    const op = ops.pop();
    values.push(op === Op.Add ? a + b : op === Op.Sub ? a - b : op === Op.Mul ? a * b : a / b);
  };
  for (const t of tokens) {
    if (t === Op.Add || t === Op.Sub || t === Op.Mul || t === Op.Div) {
      while (ops.length > 0 && precedence(ops[ops.length - 1]!) >= precedence(t)) apply();
      ops.push(t);
    } else values.push(Number(t));
  }
  while (ops.length > 0) apply();
  return values[0]!;
});
