/**
 * Which package an expression names, or a call is made on: what effects.cts records as a
 * package configured (`Decimal.set(...)`, `i18n.use(plugin).init(options)`), and the package
 * env-access.cts's loadsEnv is told a `.env` loader's callee names.
 */
import { isBuiltin } from "node:module";
import type * as ts from "typescript";
import type { Context } from "./context.cjs";
import { packageOf } from "./effects-origins.cjs";
import { isUserFile, rootOf, skipOuter } from "./nodes.cjs";

/** The package an expression names directly (an import of one, `dayjs` or `Settings`), if it does. */
export function packageAt(ctx: Context, e: ts.Expression): string | undefined {
  if (!ctx.ts.isIdentifier(e)) return undefined;
  const local = ctx.checker.getSymbolAtLocation(e);
  return local === undefined ? undefined : packageOf(ctx, local);
}

/**
 * The package a call is made on: rooted at its binding, also through methods that hand back
 * their receiver (`i18n` of `i18n.use(plugin).init(options)`, whose `use` is declared to return
 * `this`). Not through a value the package made (`i18n.createInstance().init()`,
 * `http.createServer(h).listen()`), a method typed `any` (an untyped package's `listen()`), or
 * a link given a function, which the chain may run (commander's `.action(main).parse()` starts
 * the app).
 */
export function packageCalledOn(ctx: Context, callee: ts.Expression): string | undefined {
  const { ts } = ctx;
  const links: ts.CallExpression[] = [];
  let e = rootOf(ts, callee);
  while (ts.isCallExpression(e)) {
    const method = skipOuter(ts, e.expression);
    if (!ts.isPropertyAccessExpression(method) && !ts.isElementAccessExpression(method)) return undefined;
    links.push(e);
    e = rootOf(ts, method.expression);
  }
  const pkg = packageAt(ctx, e);
  // Declarations looked at only for chains rooted at a package (not every `res.status(200).json(x)`).
  return pkg !== undefined && links.every((link) => handsBackReceiver(ctx, link)) ? pkg : undefined;
}

/**
 * The package a call made for its effect configures, and the call that does: the call itself
 * when it is made on the package (packageCalledOn), or, down its chain, a call on the package
 * named for configuring whose value the chain goes on with (`i18next.use(b).init(o).then(...)`,
 * `nunjucks.configure(dir).addFilter(...)`), not one made for its value (`axios.get(url).then(...)`).
 */
export function packageConfiguredBy(ctx: Context, call: ts.CallExpression): [string, ts.CallExpression] | undefined {
  const { ts } = ctx;
  const own = packageCalledOn(ctx, call.expression);
  if (own !== undefined) return [own, call];
  for (let e = rootOf(ts, call.expression); ts.isCallExpression(e);) {
    const method = skipOuter(ts, e.expression);
    if (!ts.isPropertyAccessExpression(method) && !ts.isElementAccessExpression(method)) return undefined;
    const pkg = configures(ctx, e) ? packageCalledOn(ctx, e.expression) : undefined;
    if (pkg !== undefined) return [pkg, e];
    e = rootOf(ts, method.expression);
  }
  return undefined;
}

/**
 * Records in `into` the package a call made for its effect configures (packageConfiguredBy),
 * at the call that does. Not Node's built-in modules, whose calls at load are I/O
 * (`fs.appendFileSync`), nor tamed's own API: both are configured by assignment where at all
 * (`events.defaultMaxListeners = 20`).
 */
export function recordConfigured(ctx: Context, call: ts.CallExpression, into: Map<string, ts.Node>): void {
  const configured = packageConfiguredBy(ctx, call);
  if (configured === undefined) return;
  const [pkg, at] = configured;
  if (pkg !== "tamed" && !isBuiltin(pkg) && !into.has(pkg) && !runsHandedCode(ctx, at)) into.set(pkg, at);
}

/**
 * A call that runs what the code before it handed to the package, and so starts the app rather
 * than configuring it: one not named for configuring, made on a binding that an earlier statement
 * of the same block handed a function of the user's through a call not named for configuring
 * either (commander's `program.command("serve").action(serve)`, then `program.parse()`). A chain
 * that does both in one statement is not followed past the function (handsBackReceiver).
 */
function runsHandedCode(ctx: Context, call: ts.CallExpression): boolean {
  const { ts } = ctx;
  if (configures(ctx, call)) return false;
  const binding = chainBinding(ctx, call);
  if (binding === undefined) return false;
  let stmt: ts.Node = call;
  while (!ts.isSourceFile(stmt.parent) && !ts.isBlock(stmt.parent) && !ts.isModuleBlock(stmt.parent)) {
    stmt = stmt.parent;
    if (stmt.parent === undefined || ts.isFunctionLike(stmt)) return false;
  }
  for (const s of (stmt.parent as ts.SourceFile | ts.Block | ts.ModuleBlock).statements) {
    if (s === stmt) return false;
    if (!ts.isExpressionStatement(s)) continue;
    const handing = skipOuter(ts, s.expression);
    if (ts.isCallExpression(handing) && handsCode(ctx, handing) && chainBinding(ctx, handing) === binding) return true;
  }
  return false;
}

/** The binding a chain of calls and property reads starts from (`program` of `program.command(c).action(f)`). */
function chainBinding(ctx: Context, call: ts.CallExpression): ts.Symbol | undefined {
  const { ts } = ctx;
  let e = rootOf(ts, call.expression);
  while (ts.isCallExpression(e)) e = rootOf(ts, e.expression);
  return ts.isIdentifier(e) ? ctx.checker.getSymbolAtLocation(e) : undefined;
}

/** Some link of the chain, not named for configuring, is given a function of the user's. */
function handsCode(ctx: Context, call: ts.CallExpression): boolean {
  const { ts, checker } = ctx;
  for (let e: ts.Expression = call; ts.isCallExpression(e); e = rootOf(ts, e.expression)) {
    const link = e;
    if (configures(ctx, link)) continue;
    const given = link.arguments.some((a) => {
      const arg = skipOuter(ts, a);
      if (ts.isArrowFunction(arg) || ts.isFunctionExpression(arg)) return true;
      return checker
        .getTypeAtLocation(arg)
        .getCallSignatures()
        .some((sig) => sig.declaration !== undefined && isUserFile(ctx, sig.declaration.getSourceFile()));
    });
    if (given) return true;
  }
  return false;
}

/** Every declaration of the method called returns `this`, and no argument is a function. */
function handsBackReceiver(ctx: Context, call: ts.CallExpression): boolean {
  const { ts, checker } = ctx;
  const method = skipOuter(ts, call.expression);
  const name = ts.isPropertyAccessExpression(method)
    ? method.name
    : ts.isElementAccessExpression(method)
      ? method.argumentExpression
      : undefined;
  const declarations = name === undefined ? [] : (checker.getSymbolAtLocation(name)?.declarations ?? []);
  if (declarations.length === 0) return false;
  for (const d of declarations) {
    const type = ts.isFunctionLike(d) ? d.type : undefined;
    if (type === undefined || !ts.isThisTypeNode(type)) return false;
  }
  return call.arguments.every((a) => {
    const arg = skipOuter(ts, a);
    if (ts.isArrowFunction(arg) || ts.isFunctionExpression(arg)) return false;
    return checker.getTypeAtLocation(arg).getCallSignatures().length === 0;
  });
}

/**
 * A write through the package (`Decimal.locale = "de"`), or a call of one of its functions whose
 * name says it configures (`Decimal.set(...)`, `dayjs.extend(utc)`, `i18next.init()`, `app.use`,
 * `addExtension(...)`): not one that does I/O or computes (`_.forEach`, `axios.get`, `fse.ensureDir`),
 * which a worker need not repeat and the advice to move it would repeat on every worker.
 */
export function configures(ctx: Context, at: ts.Node): boolean {
  const { ts } = ctx;
  if (!ts.isCallExpression(at)) return true;
  const callee = ts.isPropertyAccessExpression(at.expression) ? at.expression.name : at.expression;
  return ts.isIdentifier(callee) && CONFIGURING.test(callee.text);
}

const CONFIGURING =
  /^(?:set|config|configure|extend|use|init|initialize|setup|register|plugin|locale|defaults|(?:set|add|use|register|configure|extend|enable|disable|install)[A-Z]\w*)$/;
