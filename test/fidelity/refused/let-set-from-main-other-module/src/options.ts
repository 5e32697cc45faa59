// date-fns' setDefaultOptions, marked.setOptions: module state the main thread
// changes after load, through an exported function.
export interface Options {
  currency: string;
  digits: number;
}

let defaults: Options = { currency: "EUR", digits: 2 };

export function setDefaultOptions(options: Partial<Options>): void {
  defaults = { ...defaults, ...options };
}

export function formatPrice(amount: number): string {
  return `${amount.toFixed(defaults.digits)} ${defaults.currency}`;
}
