// A class an app augments from its entry (rxjs's old `add/operator` style).
export class Money {
  constructor(
    readonly cents: number,
    readonly currency: string,
  ) {}
}
export interface Money {
  format?(): string;
}
