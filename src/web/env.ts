// The Hono environment of the app: what the middleware chain puts on the context for the handlers.
import type { Role } from '../db/schema/vocabulary.ts';
import type { WebDeps } from './deps.ts';

export interface CurrentUser {
  readonly id: number;
  readonly username: string;
  readonly displayName: string;
  readonly agencyId: number;
  readonly agencyName: string;
  readonly roles: readonly Role[];
  /** The password is a one-time password given by an administrator: the user must set their own first. */
  readonly mustChangePassword: boolean;
}

export interface CurrentSession {
  /** Hex SHA-256 of the cookie token (the row id). */
  readonly id: string;
  readonly csrfSecret: string;
}

export interface AppEnv {
  Variables: {
    deps: WebDeps;
    user: CurrentUser | null;
    session: CurrentSession | null;
    /** The CSRF token to put in this response's forms (synchronizer or double-submit). */
    csrfToken: string;
    /** This request's id (X-Request-Id): in every log line of the request and on its error page. */
    requestId: string;
  };
}
