// Administration use cases (users and agencies), called by the CLI (`gongkai user`, `gongkai agency`) and the web
// administration pages alike.
export * from './agencies.ts';
export * from './errors.ts';
export * from './users.ts';
