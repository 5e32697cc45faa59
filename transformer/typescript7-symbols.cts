/**
 * Symbols at locations on TypeScript 7's checker, asked a statement at a time: each
 * checker call is a round trip to TypeScript 7's process (about 0.13 ms), and the
 * analysis asks about identifiers one by one, walking a statement's identifiers as it
 * carries it. The first question about an identifier in a top-level statement fetches
 * the symbols of every identifier in that statement in one call (the API takes a list),
 * and of its module specifier for an import or export; the answers are the same objects
 * a single call returns.
 */

/* eslint-disable @typescript-eslint/no-explicit-any -- TypeScript 7's API objects are typed by its own package */
type Raw = any;

/** Past this many identifiers a statement is not fetched whole: its symbols would cost the checker more than the calls saved. */
const MOST_PER_STATEMENT = 4096;

export class StatementSymbols {
  readonly #known = new Map<Raw, Raw>();
  readonly #fetched = new Set<Raw>();

  constructor(
    readonly checker: Raw,
    readonly kinds: {
      readonly identifier: number;
      readonly sourceFile: number;
      readonly stringLiteral: number;
      readonly importDeclaration: number;
      readonly exportDeclaration: number;
    },
  ) {}

  /** The checker's symbol at `node` (an identifier, most often), or undefined. */
  at(node: Raw): Raw {
    if (this.#known.has(node)) return this.#known.get(node);
    if (this.#asked(node)) {
      const statement = this.#topLevel(node);
      if (statement !== undefined && !this.#fetched.has(statement)) {
        this.#fetched.add(statement);
        this.#fetch(statement);
        if (this.#known.has(node)) return this.#known.get(node);
      }
    }
    return this.checker.getSymbolAtLocation(node);
  }

  /** What the analysis asks about: identifiers, and the module specifiers of imports and exports. */
  #asked(n: Raw): boolean {
    const k = this.kinds;
    if (n.kind === k.identifier) return true;
    const p = n.parent;
    return (
      n.kind === k.stringLiteral &&
      p !== undefined &&
      (p.kind === k.importDeclaration || p.kind === k.exportDeclaration) &&
      p.moduleSpecifier === n
    );
  }

  #topLevel(node: Raw): Raw {
    let n = node;
    while (n.parent !== undefined && n.parent.kind !== this.kinds.sourceFile) n = n.parent;
    return n.parent === undefined ? undefined : n;
  }

  #fetch(statement: Raw): void {
    const ids: Raw[] = [];
    const visit = (n: Raw): boolean | undefined => {
      if (this.#asked(n)) ids.push(n);
      if (ids.length > MOST_PER_STATEMENT) return true; // stops forEachChild
      return n.forEachChild(visit) as boolean | undefined;
    };
    visit(statement);
    if (ids.length === 0 || ids.length > MOST_PER_STATEMENT) return;
    const symbols = this.checker.getSymbolAtLocation(ids) as Raw[];
    ids.forEach((id, i) => this.#known.set(id, symbols[i]));
  }
}
