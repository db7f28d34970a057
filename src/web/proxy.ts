// Running behind a reverse proxy (docs/deploy.md). The operator names the proxies it runs (GONGKAI_TRUSTED_PROXIES:
// addresses or CIDR blocks); only a request whose socket peer is one of them has its X-Forwarded-For and
// X-Request-Id believed. The client is the right-most X-Forwarded-For address that is not a trusted proxy: an
// address a client wrote into the header itself sits to the left of what our proxy appended, so it is never taken
// while an untrusted hop follows it — and the nginx site of docs/deploy.md overwrites the header anyway.
import { BlockList, isIP } from 'node:net';

export interface TrustedProxies {
  /** The addresses and blocks as configured (for `gongkai config check` and the log). */
  readonly list: readonly string[];
  has(address: string): boolean;
}

export class ProxySettingError extends Error {}

/** `::ffff:127.0.0.1` (an IPv4 peer on a dual-stack socket) is 127.0.0.1. */
export function normalizeAddress(a: string): string {
  const s = a.trim().replace(/^\[|\]$/g, '');
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(s);
  return m ? m[1]! : s;
}

/** Parse "127.0.0.1, ::1, 10.0.0.0/8"; throws ProxySettingError with a Chinese message naming the bad entry. */
export function parseTrustedProxies(spec: string | readonly string[] | undefined): TrustedProxies {
  const list = (typeof spec === 'string' ? spec.split(/[,\s]+/) : [...(spec ?? [])])
    .map((x) => x.trim())
    .filter(Boolean);
  const block = new BlockList();
  for (const entry of list) {
    const [addr, bits, extra] = entry.split('/');
    const a = normalizeAddress(addr ?? '');
    const family = isIP(a);
    if (!family || extra !== undefined)
      throw new ProxySettingError(
        `受信任代理地址“${entry}”无效：应为 IP 地址或 CIDR 网段，如 127.0.0.1 或 10.0.0.0/8`,
      );
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) block.addAddress(a, type);
    else {
      const n = Number(bits);
      if (!/^\d{1,3}$/.test(bits) || n > (family === 4 ? 32 : 128))
        throw new ProxySettingError(`受信任代理地址“${entry}”的网段前缀长度无效`);
      block.addSubnet(a, n, type);
    }
  }
  return {
    list,
    has(address) {
      const a = normalizeAddress(address);
      const family = isIP(a);
      return family !== 0 && block.check(a, family === 4 ? 'ipv4' : 'ipv6');
    },
  };
}

export const NO_PROXIES: TrustedProxies = parseTrustedProxies([]);
/** What `--trust-proxy` without a list means: a proxy on the same machine. */
export const LOOPBACK_PROXIES = ['127.0.0.1', '::1'] as const;

/** The client address of a request whose socket peer is `peer`, given its X-Forwarded-For header. */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | undefined,
  trusted: TrustedProxies,
): string {
  const p = peer ? normalizeAddress(peer) : 'local';
  if (!forwardedFor || !trusted.has(p)) return p;
  const hops = forwardedFor
    .split(',')
    .map((h) => normalizeAddress(h))
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const h = hops[i]!;
    if (!isIP(h)) return p; // a malformed hop: believe nothing further left than the proxy itself
    if (!trusted.has(h)) return h;
  }
  return hops[0] ?? p;
}
