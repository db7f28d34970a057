import { describe, expect, it } from 'vitest';
import { clientAddress, parseTrustedProxies } from './proxy.ts';

describe('trusted proxies', () => {
  const nginx = parseTrustedProxies('127.0.0.1, 10.0.0.0/8, ::1');

  it('takes the forwarded address only from a trusted peer', () => {
    expect(clientAddress('127.0.0.1', '203.0.113.9', nginx)).toBe('203.0.113.9');
    expect(clientAddress('::ffff:127.0.0.1', '203.0.113.9', nginx)).toBe('203.0.113.9');
    // Anyone else's header is ignored: the socket's peer is the client.
    expect(clientAddress('198.51.100.7', '203.0.113.9', nginx)).toBe('198.51.100.7');
    expect(clientAddress('127.0.0.1', undefined, nginx)).toBe('127.0.0.1');
  });

  it('reads X-Forwarded-For from the right, skipping trusted hops, so a client-written address is not taken', () => {
    // The client wrote "1.2.3.4"; the proxy appended the real address.
    expect(clientAddress('127.0.0.1', '1.2.3.4, 203.0.113.9', nginx)).toBe('203.0.113.9');
    // Two of our proxies in a row.
    expect(clientAddress('127.0.0.1', '203.0.113.9, 10.1.2.3', nginx)).toBe('203.0.113.9');
    // A malformed hop: believe nothing left of the proxy.
    expect(clientAddress('127.0.0.1', 'evil, not-an-ip', nginx)).toBe('127.0.0.1');
  });

  it('refuses a setting that is not an address or a block, naming it', () => {
    expect(() => parseTrustedProxies('127.0.0.1,nginx')).toThrow('受信任代理地址“nginx”无效');
    expect(() => parseTrustedProxies('10.0.0.0/33')).toThrow('前缀长度无效');
    expect(parseTrustedProxies('').list).toEqual([]);
  });
});
