// Structured logs: one JSON object a line (pino), on the server's stderr, so journald or any log shipper can index
// them. Every line of a request carries its request id (`reqId`), which the error page also shows: an officer who
// reads "错误编号 …" to the IT office leads straight to the log line with the stack.
import { pino } from 'pino';

export type Logger = pino.Logger;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A logger writing JSON lines through `write` (the server's stderr; a buffer in tests). */
export function createLogger(write: (line: string) => void, level = 'info'): Logger {
  return pino(
    {
      level: (LOG_LEVELS as readonly string[]).includes(level) ? level : 'info',
      base: { app: 'gongkai' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Never log a password, a session cookie or a CSRF token, whatever a caller passes.
      redact: ['password', 'req.headers.cookie', 'req.headers.authorization', '*.password', '*.csrf'],
    },
    { write },
  );
}
