export declare const WASM_TIERING_BUDGET: number;
export declare function wasmTieringFor(
  env?: Readonly<Record<string, string | undefined>>,
  execArgv?: readonly string[],
): { budget?: number; keep?: string; error?: string };
export declare function applyWasmTiering(
  env?: Readonly<Record<string, string | undefined>>,
  execArgv?: readonly string[],
): string;
