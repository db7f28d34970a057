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
    { write: batched(write) },
  );
}

/**
 * Lines written together: those logged in one turn of the event loop go out in one write at its end (setImmediate)
 * instead of one write — a system call on a pipe to journald — per request line (~15 % of a cached staff page's
 * CPU in issue 18's profile). An error line is written at once with whatever waits before it (and the lines of
 * its turn after it), and what waits is written when the process exits: nothing a crash should explain is lost.
 */
function batched(write: (line: string) => void): (line: string) => void {
  let waiting: string[] = [];
  // After an error line, the lines of the same turn (the failed request's own line) go out at once too.
  let urgent = false;
  const flush = () => {
    if (!waiting.length) return;
    const text = waiting.join('');
    waiting = [];
    write(text);
  };
  pending.add(flush);
  return (line) => {
    waiting.push(line);
    // pino writes `{"level":N,…`: 50 and above are error and fatal.
    if (Number(line.slice(9, 11)) >= 50) {
      flush();
      if (!urgent) {
        urgent = true;
        setImmediate(() => {
          urgent = false;
        });
      }
    } else if (urgent) flush();
    else if (waiting.length === 1) setImmediate(flush);
  };
}

const pending = new Set<() => void>();
process.on('exit', () => {
  for (const flush of pending) flush();
});
