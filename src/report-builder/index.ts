// The annual report builder: use cases a route or a CLI verb calls with the database, the actor and its input.
export * from './annual-reports.ts';
export * from './build.ts';
export * from './deadlines.ts';
export * from './drafts.ts';
export * from './facts.ts';
export * from './publish.ts';
