// The client address used for rate limits and the audit log. Behind a reverse proxy (trustProxy) the first
// X-Forwarded-For address; otherwise the socket's peer — never a header a client can set at will.
import type { Context } from 'hono';
import type { AppEnv } from '../env.ts';

export function clientIp(c: Context<AppEnv>): string {
  if (c.get('deps').options.trustProxy) {
    const fwd = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (fwd) return fwd;
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'local';
}
