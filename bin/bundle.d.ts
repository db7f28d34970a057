// Types of bin/bundle.js (plain JavaScript: it runs before tsx is registered) for the tests and benches.
type Env = Readonly<Record<string, string | undefined>>;
export function bundleDir(env?: Env): string;
export function freshBundle(env?: Env, root?: string): string | null;
export function buildBundle(env?: Env, root?: string): Promise<string>;
export function buildLock(env?: Env, root?: string): { release(): void } | null;
