// What an app's entry sets up once for the whole process, in a file only the entry imports (a
// worker never loads it): built-ins patched here are the main thread's, a worker's are as Node
// made them. The assignment (as Prisma apps give BigInt a toJSON) and the defineProperty need
// nothing of this file: workers run them too, from a view of it their modules import first.
// The call of longStacks needs the function: refused, for the functions that read `.stack`
// (not at its declaration, which patches nothing until called).
declare global {
  interface BigInt {
    toJSON(): string;
  }
  interface Array<T> {
    total(this: number[]): number;
  }
}

BigInt.prototype.toJSON = function (this: bigint): string {
  return this.toString();
};

Object.defineProperty(Array.prototype, "total", {
  value(this: number[]): number {
    return this.reduce((a, b) => a + b, 0);
  },
});

// Through another name for the prototype: the statement needs DateProto, so it is not carried,
// and refused for toJson, which calls JSON.stringify.
const DateProto = Date.prototype as unknown as { toJSON(): string };
DateProto.toJSON = function (): string {
  return "a date";
};

function longStacks(): void {
  Error.stackTraceLimit = 50;
}
longStacks();

// Reading a built-in, or calling one for its result, patches nothing.
export const started = Date.now() > 0 && JSON.stringify([1]) === "[1]";
