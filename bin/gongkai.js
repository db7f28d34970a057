#!/usr/bin/env node
// Entry point of the `gongkai` command. The sources are TypeScript run through tsx's loader, so a clone works
// after `npm ci` without a build step.
import { register } from 'tsx/esm/api';

register();
// `gongkai parse … | head`: the reader went away; stop quietly instead of crashing on EPIPE.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
