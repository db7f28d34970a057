// The script-injection tests' payload and their check of a page (test/security-xss.test.ts, test/web-xss.test.ts).
import { expect } from 'vitest';

/** A payload that is live markup wherever a page forgets to escape it: a script and an image with a handler. */
export const P = '<script>alert("x")</script><img src=x onerror=alert(1)>';
/** P as hono/jsx escapes it in text. */
export const ESCAPED = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;';

/** The page shows the payload only escaped: never a live tag from it. */
export function safe(html: string, where: string): void {
  expect(html.includes('<script>alert'), `${where}: raw <script>`).toBe(false);
  expect(html.includes('<img src=x'), `${where}: raw <img>`).toBe(false);
  expect(/onerror=alert\(1\)>/.test(html.replace(/&gt;/g, '')), `${where}: live attribute`).toBe(false);
}

/**
 * An application (the apply form's and the intake form's applicant and request fields) with the payload in every
 * text field, at `agencyId`; a commercial applicant, paper by post.
 */
export const payloadApplication = (agencyId: number): Record<string, string> => ({
  agencyId: String(agencyId),
  applicantType: 'commercial',
  name: P,
  idNumber: P,
  phone: P,
  email: P,
  address: P,
  description: P,
  formWanted: 'paper',
  deliveryWanted: 'post',
});
