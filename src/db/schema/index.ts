// The whole schema: one file set, one migrations folder (../../../drizzle), applied on PGlite and PostgreSQL.
export * from './agencies.ts';
export * from './annual-reports.ts';
export * from './appeals.ts';
export * from './applicants.ts';
export * from './audit-log.ts';
export * from './calendar.ts';
export * from './case-events.ts';
export * from './cases.ts';
export * from './letters.ts';
export * from './publishing.ts';
export * from './publishing-registers.ts';
export * from './publishing-reports.ts';
export * from './sessions.ts';
export * from './uploads.ts';
export * from './users.ts';
export * from './year-locks.ts';
