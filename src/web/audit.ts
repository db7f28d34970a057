// Every state change the web makes goes to the append-only audit log (src/db/audit.ts), in the transaction of the
// change. The web names its actors "user:<username>" (signed in) or "anonymous:<address>" (public forms).
export { type AuditEntry, writeAudit as audit } from '../db/audit.ts';

export const userActor = (username: string): string => `user:${username}`;
export const anonymousActor = (ip: string): string => `anonymous:${ip}`;
