// The client address used for rate limits and the audit log: the socket's peer, or — when that peer is one of the
// trusted proxies (GONGKAI_TRUSTED_PROXIES, src/web/proxy.ts) — the address the proxy forwarded. A header from
// anyone else is ignored, so a client cannot pick its own address to dodge a rate limit.
import type { Context } from 'hono';
import { trustedProxiesOf } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { clientAddress } from '../proxy.ts';

export function peerAddress(c: Context<AppEnv>): string | undefined {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress;
}

export function clientIp(c: Context<AppEnv>): string {
  return clientAddress(
    peerAddress(c),
    c.req.header('x-forwarded-for'),
    trustedProxiesOf(c.get('deps').options),
  );
}

/** Whether the request came through one of our proxies (its forwarded headers may be believed). */
export function viaTrustedProxy(c: Context<AppEnv>): boolean {
  const peer = peerAddress(c);
  return peer !== undefined && trustedProxiesOf(c.get('deps').options).has(peer);
}
