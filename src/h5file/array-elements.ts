/** Elements read from a fixed or extensible array index, as runs of consecutive element indexes. */
export interface ElementRun {
  /** Array index of the first element in `bytes`. */
  readonly firstIndex: number;
  /** `count` raw elements of `elementSize` bytes each. */
  readonly bytes: Uint8Array;
  readonly count: number;
}

export interface ArrayElements {
  readonly elementSize: number;
  readonly runs: ElementRun[];
}
