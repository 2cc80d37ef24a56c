/** Types for the `lzfjs` package (plain JavaScript, ships none). */
declare module 'lzfjs' {
  /** Decompress a raw LZF stream; throws on malformed input. */
  export function decompress(data: Uint8Array): Uint8Array;
  export function compress(data: Uint8Array): Uint8Array;
}
