#!/usr/bin/env node
// `npm run build` and `npm ci`'s postinstall: the production bundle of the `gongkai` command (bin/bundle.js, ADR
// 0006). Never fails: without a current bundle a start runs the sources through tsx, as it always could.
// `--background`: started by a `serve` that found the bundle stale; quiet, and skipped while another build runs.
import { buildBundle, buildLock } from './bundle.js';

const background = process.argv.includes('--background');
const lock = buildLock();
if (!lock) {
  if (!background) console.log('gongkai: 未生成启动包：另一个进程正在生成，或缓存目录不可写');
} else
  try {
    const t = performance.now();
    const entry = await buildBundle();
    if (!background)
      console.log(`gongkai: 已生成启动包 ${entry}（${((performance.now() - t) / 1000).toFixed(1)} 秒）`);
  } catch (e) {
    if (!background)
      console.warn(
        `gongkai: 未能生成启动包（启动时改用 tsx 运行源代码）：${e instanceof Error ? e.message : String(e)}`,
      );
  } finally {
    lock.release();
  }
