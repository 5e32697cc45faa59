// What an app's entry sets up once for the whole process, in a file only the entry imports (a
// worker never loads it): built-ins patched here are the main thread's, a worker's are as Node
// made them. Refused at the statements that patch them as the file loads, for the functions
// that use what they patch: the assignment (as Prisma apps give BigInt a toJSON), the
// defineProperty, the patch through another name for Date.prototype, and the call of
// longStacks (not its declaration, which patches nothing until called).
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

// Through another name for the prototype, as polyfills write.
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
