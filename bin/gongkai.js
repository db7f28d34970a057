#!/usr/bin/env node
// Entry point of the `gongkai` command. A start runs the production bundle when it is current for the sources
// (bin/bundle.js, ADR 0006: made by `npm ci`'s postinstall and `npm run build`), else the TypeScript sources through
// tsx's loader (ADR 0001): a clone works after `npm ci` without a build step, and an edited source never runs stale.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freshBundle } from './bundle.js';

// `gongkai parse … | head`: the reader went away; stop quietly instead of crashing on EPIPE.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
const argv = process.argv.slice(2);
const bundle = freshBundle();
let main;
if (bundle) {
  // The reading workers start from the same bundle (src/reading/pool.ts).
  globalThis[Symbol.for('gongkai.bundle')] = bundle;
  ({ main } = await import(bundle));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
  // A server on sources newer than the bundle rebuilds it for the next start, once it has started itself.
  if (argv[0] === 'serve' && process.env.GONGKAI_BUNDLE !== '0')
    setTimeout(() => {
      spawn(process.execPath, [fileURLToPath(new URL('./build.js', import.meta.url)), '--background'], {
        detached: true,
        stdio: 'ignore',
      }).unref();
    }, 10_000).unref();
}
process.exitCode = await main(argv);
