// A plugin that only the entry imports, for its effect: a worker never loads it.
(globalThis.FORMATTERS ??= new Map()).set("upper", (s: string) => s.toUpperCase());
