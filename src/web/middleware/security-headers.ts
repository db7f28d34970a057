// Security headers on every response: a CSP that allows no inline script at all (the pages need none: forms are
// plain HTML), no framing, no MIME sniffing, no referrer to other sites; HSTS when served over HTTPS.
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

export const securityHeaders = (https = false) =>
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: 'DENY',
    xContentTypeOptions: 'nosniff',
    referrerPolicy: 'same-origin',
    // HSTS only when served over HTTPS (docs/deploy.md): on plain HTTP it would be ignored, and on a host that
    // later serves HTTP only it would lock browsers out for a year.
    strictTransportSecurity: https ? 'max-age=31536000; includeSubDomains' : false,
    crossOriginEmbedderPolicy: false,
  });

/**
 * The headers securityHeaders() adds to a response, as one record made once (by running the middleware itself, so
 * the two never differ): the anonymous report page, answered ahead of the middleware chain, sends exactly these.
 */
export async function securityHeaderRecord(https = false): Promise<Readonly<Record<string, string>>> {
  const probe = new Hono().use(securityHeaders(https)).get('/', (c) => c.body(null));
  const res = await probe.request('/');
  return Object.freeze(Object.fromEntries(res.headers));
}
