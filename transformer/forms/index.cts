/**
 * The one extraction step: every form's extraction, tried in turn on a node. The forms'
 * nodes do not overlap (a marker call and a taker's call resolve to different functions
 * of tamed's), so at most one finds anything.
 */
import type * as ts from "typescript";
import type { Context } from "../context.cjs";
import { extractCall } from "./call.cjs";
import { extractDeclaration } from "./declaration.cjs";
import type { Extract, Extraction } from "./form.cjs";
import { extractLiteral } from "./literal.cjs";
import { extractMethod } from "./method.cjs";

export type { Extracted, Extraction, Form, FunctionLiteral, Refused, StubForm } from "./form.cjs";
export { unreachable } from "./form.cjs";

const FORMS: readonly Extract[] = [extractCall, extractLiteral, extractDeclaration, extractMethod];

export function extract(ctx: Context, node: ts.Node): Extraction {
  for (const form of FORMS) {
    const found = form(ctx, node);
    if (found !== undefined) return found;
  }
  return undefined;
}
