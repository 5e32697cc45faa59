// A const enum in its own module: tsc inlines its members where they are used.
export const enum Op {
  Add = "+",
  Sub = "-",
  Mul = "*",
  Div = "/",
}

export const enum Precedence {
  Low = 1,
  High = 2,
}
