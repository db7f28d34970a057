// 主动公开 use cases: plain functions taking the database, validated input and the acting user's context, returning
// data, throwing PublishingError (a stable code and a Chinese message). The web's routes and the CLI call these.
export * from './agencies.ts';
export * from './attachments.ts';
export * from './catalogue.ts';
export * from './consultations.ts';
export * from './context.ts';
export * from './errors.ts';
export * from './items.ts';
export * from './normative-documents.ts';
export * from './statistics.ts';
export * from './work-records.ts';
