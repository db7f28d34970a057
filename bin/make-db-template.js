#!/usr/bin/env node
// `npm ci`'s postinstall: make the template database once per installation (src/db/template.ts, ADR 0004), so the
// first `npm start` on a new data folder copies it instead of running initdb and every migration. Never fails the
// install: without a template, a start makes it itself (and an installation it cannot write to starts the old way).
import { register } from 'tsx/esm/api';

register();
try {
  const { makeTemplate, templatesEnabled } = await import('../src/db/template.ts');
  if (templatesEnabled()) {
    const t = performance.now();
    const path = await makeTemplate();
    console.log(`gongkai: 已生成数据库模板 ${path}（${((performance.now() - t) / 1000).toFixed(1)} 秒）`);
  }
} catch (e) {
  console.warn(
    `gongkai: 未能生成数据库模板（首次启动时再生成）：${e instanceof Error ? e.message : String(e)}`,
  );
}
