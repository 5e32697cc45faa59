/**
 * Which package an expression names, or a call is made on: what effects.cts records as a
 * package configured (`Decimal.set(...)`, `i18n.use(plugin).init(options)`), and the package
 * env-access.cts's loadsEnv is told a `.env` loader's callee names.
 */
import { isBuiltin } from "node:module";
import type * as ts from "typescript";
import type { Context } from "./context.cjs";
import { isMutator } from "./effects-builtins.cjs";
import { packageOf } from "./effects-origins.cjs";
import { forEffect, isUserFile, resolveAlias, rootOf, skipOuter } from "./nodes.cjs";

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
  if (pkg !== "tamed" && !isBuiltin(pkg) && !into.has(pkg) && !servesApp(ctx, call)) into.set(pkg, at);
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
  return !call.arguments.some((a) => isFunctionValue(ctx, a));
}

/** A function literal, or a value typed callable (`run`, `handler`): what a package may run or keep. */
function isFunctionValue(ctx: Context, e: ts.Expression): boolean {
  const { ts } = ctx;
  const v = skipOuter(ts, e);
  return (
    ts.isArrowFunction(v) ||
    ts.isFunctionExpression(v) ||
    ctx.checker.getTypeAtLocation(v).getCallSignatures().length > 0
  );
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
  if (ts.isIdentifier(callee) && CONFIGURING.test(callee.text)) return true;
  if (parsesCommandLine(ctx, at)) return true; // fills the package's own program with the options
  // A call not made on the package writes it through an argument, surely, or it would not be
  // recorded (effects.cts #record): `Object.assign(Big, { DP: 30 })`, `precise(Big, 30)`.
  if (packageCalledOn(ctx, at.expression) === undefined) return true;
  // A mutator of the package's state (`z.globalRegistry.add(schema, meta)`).
  return ts.isIdentifier(callee) && isMutator(callee.text);
}

const CONFIGURING =
  /^(?:set|config|configure|extend|use|init|initialize|setup|register|plugin|locale|defaults|(?:set|add|use|register|configure|extend|enable|disable|install)[A-Z]\w*)$/;

/**
 * A call of a package's method that changes what it is called on: named for configuring
 * (`md.use(extension)`, `hb.registerHelper(...)`, `math.config(...)`), for binding (inversify's
 * `container.bind(...)`, `unbind`, `rebind`; `cache.load(entries)`), for storing (`cache.set(k, v)`,
 * `cache.mset(entries)`, `math.import(fns)`), for listening (`bus.on(type, handler)`) or for
 * switching (i18next's `changeLanguage("de")`), given what to set (not the
 * getter `m.locale()`), and made for its effect (its value, or its chain's, dropped). A value the
 * package made for the app (`new Marked()`), or one handed to a function of the app (`registerAll(B)`
 * calling `B.register(...)`), keeps per thread what it was given, as the package's own state does:
 * such a call surely changes it. Not one handed a function literal that starts marked functions
 * (`dispatches`): that registers the app's handler (`app.use(async (ctx) => { ctx.body = await
 * price(3) })`), so its statement stays a possible change, left to the main thread, not refused as
 * set-up that starts work (carry-setup.cts).
 */
export function changesPackageValue(
  ctx: Context,
  call: ts.CallExpression,
  dispatches: (call: ts.CallExpression) => boolean,
): boolean {
  const { ts, checker, program } = ctx;
  const method = skipOuter(ts, call.expression);
  if (!ts.isPropertyAccessExpression(method)) return false;
  const name = method.name.text;
  if (!CONFIGURING.test(name) && !BINDING.test(name) && !CHANGING.test(name) && !isMutator(name)) return false;
  if (call.arguments.length === 0 && !SETS_UP_ALONE.test(name)) return false;
  // One made on the package itself (`Decimal.set(...)`) configures the package: recordConfigured's rule.
  if (packageCalledOn(ctx, call.expression) !== undefined) return false;
  // Made for what it returns, it may make a new value (zod's `const Admin = User.extend(...)`, dayjs's
  // `launch.locale("de").format()`, ky's `api.extend(...)`): a change only where its value is dropped.
  if (!forEffect(ts, outermostLink(ts, call))) return false;
  const declarations = checker.getSymbolAtLocation(method.name)?.declarations ?? [];
  const ofPackage = declarations.every((d) => {
    const sf = d.getSourceFile();
    return !isUserFile(ctx, sf) && !program.isSourceFileDefaultLibrary(sf);
  });
  if (declarations.length === 0 || !ofPackage) return false;
  const starts = (n: ts.Node): boolean =>
    (ts.isCallExpression(n) && dispatches(n)) || (ts.forEachChild(n, starts) ?? false);
  return !call.arguments.some((a) => {
    const f = skipOuter(ts, a);
    return (ts.isArrowFunction(f) || ts.isFunctionExpression(f)) && starts(f.body);
  });
}

/** The last call of a chain a call begins (`container.bind(k).toConstantValue(v)` of `container.bind(k)`). */
function outermostLink(ts: typeof import("typescript"), call: ts.CallExpression): ts.CallExpression {
  let c = call;
  for (;;) {
    const access = c.parent;
    const next = access?.parent;
    if (
      access === undefined ||
      next === undefined ||
      !(ts.isPropertyAccessExpression(access) || ts.isElementAccessExpression(access)) ||
      access.expression !== c ||
      !ts.isCallExpression(next) ||
      next.expression !== access
    )
      return c;
    c = next;
  }
}

/**
 * A call of a package's function made for its effect, handed `arg`, the app's own instance of
 * a package's class or of a subclass of one (`addFormats(ajv)`, `addFormats.default(ajv)` as an
 * ES module calls ajv-formats, `addHeadingIds(md)`): a plugin installing itself into what it is
 * handed, so the call surely changes that value (effects-writes.cts). Not one named for reading
 * or checking (`assertValidSchema(schema)`, chai's `assert.instanceOf(ajv, Ajv)`). Other values
 * handed to a package may be changed (`_.forEach(ITEMS, f)`), and so may a package's own
 * (`dayjs.extend(utc)` configures dayjs, not the plugin it is handed). Not Node's built-in
 * modules, whose functions handed a server or a stream read it or do I/O (`util.inspect(server)`),
 * nor tamed's API.
 */
export function installsInto(ctx: Context, call: ts.CallExpression, arg: ts.Expression): boolean {
  const { ts, checker } = ctx;
  if (!forEffect(ts, call)) return false;
  const pkg = packageCalledOn(ctx, call.expression);
  if (pkg === undefined || pkg === "tamed" || isBuiltin(pkg)) return false;
  if (readsByName(ts, call.expression)) return false;
  const root = rootOf(ts, arg);
  const local = ts.isIdentifier(root) ? checker.getSymbolAtLocation(root) : undefined;
  const declared = local === undefined ? undefined : resolveAlias(ctx, local).declarations?.[0];
  if (declared === undefined || !isUserFile(ctx, declared.getSourceFile())) return false;
  // A class's instance, not a value typed by an interface: an options object typed `BuildOptions`
  // and handed to `esbuild.build(options)` is read.
  return ofPackageClass(ctx, checker.getTypeAtLocation(arg), 0);
}

/** A callee named for reading, checking or printing what it is handed: the callee's name, or any name on its way (`assert.exists`). */
function readsByName(ts: typeof import("typescript"), callee: ts.Expression): boolean {
  for (let e = skipOuter(ts, callee); ; e = skipOuter(ts, e.expression)) {
    const name = ts.isIdentifier(e) ? e : ts.isPropertyAccessExpression(e) ? e.name : undefined;
    if (name !== undefined && READING.test(name.text)) return true;
    if (!ts.isPropertyAccessExpression(e)) return false;
  }
}

const READING =
  /^(?:assert|validate|check|verify|expect|should|inspect|print|log|debug|trace|info|warn|describe|dump|serialize|stringify|format|is|has)(?:[A-Z]\w*)?$/;

/** An instance type of a class a package declares, or of the app's subclass of one. */
function ofPackageClass(ctx: Context, type: ts.Type, depth: number): boolean {
  const { ts, checker, program } = ctx;
  const symbol = type.getSymbol();
  if (symbol === undefined || !(symbol.flags & ts.SymbolFlags.Class) || depth > 8) return false;
  const declarations = symbol.declarations ?? [];
  const ofPackage = declarations.every((d) => {
    const sf = d.getSourceFile();
    return (
      !isUserFile(ctx, sf) &&
      !program.isSourceFileDefaultLibrary(sf) &&
      !sf.fileName.includes("/node_modules/@types/node/")
    );
  });
  if (declarations.length > 0 && ofPackage) return true;
  const bases = type.isClassOrInterface() ? checker.getBaseTypes(type) : [];
  return bases.some((b) => ofPackageClass(ctx, b, depth + 1));
}

const BINDING = /^(?:bind|unbind|rebind|load)$/;
/** Storing, listening, switching: methods of a package's value that change it, beside the built-ins' mutators. */
const CHANGING =
  /^(?:import|mset|on|once|addListener|prependListener|prependOnceListener|change[A-Z]\w*|switch[A-Z]\w*)$/;
const SETS_UP_ALONE = /^(?:init|initialize|setup)$/;

/**
 * A call named for serving (a server's `listen(port)`, Telegraf's `launch()`, `serve(app)`):
 * what it starts, a server on a port or a bot, is the main thread's to do, not set-up for
 * workers to repeat, however it is written. Judged by the name, since what a package runs
 * when called cannot be seen; `start()` is not among them: it starts an xstate actor or a
 * p-queue that a function then uses, as often as it starts a server. Nor a call given a function
 * first (`$store.listen(fn)` subscribes), nor the user's own methods (effects-calls.cts follows them).
 */
export function servesApp(ctx: Context, call: ts.CallExpression): boolean {
  const name = calledName(ctx.ts, call);
  if (name === undefined || !SERVING.test(name)) return false;
  // `store.listen((v) => ...)`, `history.listen(fn)`: a subscription, not a server.
  const first = call.arguments[0];
  return first === undefined || !isFunctionValue(ctx, first);
}

/**
 * A call named for parsing the command line (`program.parse()`, `cli.parse()`): it starts the
 * app, running the actions handed to what it is called on, and fills that with the options the
 * app then reads (`program.opts()`). carry-setup.cts keeps it only where the worker's code reads
 * what it is called on other than in set-up statements (calledOn).
 */
export function parsesArguments(ctx: Context, call: ts.CallExpression): boolean {
  const name = calledName(ctx.ts, call);
  return name !== undefined && PARSING.test(name);
}

/**
 * Such a call given the process's arguments, or nothing (which parses them): `program.parse()`,
 * `program.parseAsync(process.argv)`. Where no worker runs it, it fills what it is called on
 * for the main thread alone: configures the package (commander's own `program`: configures)
 * or changes the app's value (`new Command()`: later-writes.cts). Not a parse of a text or a
 * file (`Papa.parse(csv, options)`), which a package does for its value or its callbacks.
 */
export function parsesCommandLine(ctx: Context, call: ts.CallExpression): boolean {
  const { ts } = ctx;
  if (!parsesArguments(ctx, call)) return false;
  const first = call.arguments[0];
  if (first !== undefined && !ARGV.test(skipOuter(ts, first).getText())) return false;
  // Made for what it does to its program, not for a value it returns (zod's `Num.parse(argv)`).
  return forEffect(ts, outermostLink(ts, call)) || handsBackReceiver(ctx, call);
}

/** The process's arguments as commander's documentation hands them over: `process.argv`, `process.argv.slice(2)`, `argv`. */
const ARGV = /^(?:process\.argv|argv|args)(?:\.slice\([^)]*\))?$/;

const SERVING = /^(?:listen|launch|serve)$/;
const PARSING = /^(?:parse|parseAsync)$/;

/** The name a call calls (`parse` of `program.parse()`, `program["parse"]()` or an imported `parse()`). */
function calledName(ts: typeof import("typescript"), call: ts.CallExpression): string | undefined {
  const callee = skipOuter(ts, call.expression);
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  if (ts.isElementAccessExpression(callee) && ts.isStringLiteralLike(callee.argumentExpression))
    return callee.argumentExpression.text;
  return ts.isIdentifier(callee) ? callee.text : undefined;
}

/** The declaration a chain of calls and property reads starts from (`program` of `program.option(f).parse()`). */
export function calledOn(ctx: Context, call: ts.CallExpression): ts.Symbol | undefined {
  const { ts } = ctx;
  let e = rootOf(ts, call.expression);
  while (ts.isCallExpression(e)) e = rootOf(ts, e.expression);
  const symbol = ts.isIdentifier(e) ? ctx.checker.getSymbolAtLocation(e) : undefined;
  return symbol === undefined ? undefined : resolveAlias(ctx, symbol);
}
