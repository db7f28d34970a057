// The annual report builder's pure core: section templates with live numbers, 表二 from the registers, the
// statistics sheet, the deadline reminders. The adapter (src/report-builder) gathers the facts and calls these.
export * from './assemble.ts';
export * from './deadline-watch.ts';
export * from './default-templates.ts';
export * from './facts.ts';
export * from './stats-csv.ts';
export * from './table2.ts';
export * from './template.ts';
