// What the login accepts from the user: the `next` path it follows afterwards (same site only, issue 12) and the
// passwords it lets a user choose (not a common one; the reason in Chinese).
import { describe, expect, it } from 'vitest';
import { safeNext } from '../middleware/authorize.ts';
import { passwordProblem } from './passwords.ts';

describe('safeNext', () => {
  it.each(['/staff', '/supervise?year=2023', '/reports/12#cell-t3.received.total', '/staff/cases/A-1/edit'])(
    'follows the local path %s',
    (p) => expect(safeNext(p)).toBe(p),
  );

  it.each([
    ['another site', '//evil.example/x'],
    ['a scheme', 'https://evil.example/'],
    ['a backslash', '/\\evil.example'],
    ['a tab, which URL parsers drop (/\\t/evil.example → //evil.example)', '/\t/evil.example/'],
    ['CR/LF, which would split the Location header', '/staff\r\nSet-Cookie: x=1'],
    ['a NUL', '/staff\u0000'],
    ['a space', '/staff x'],
    ['a relative path', 'staff'],
    ['nothing', ''],
  ])('goes home instead of following %s', (_, p) => expect(safeNext(p)).toBeNull());

  it('goes home for the decoded form of next=%2F%09%2Fevil.example', () => {
    expect(safeNext(decodeURIComponent('%2F%09%2Fevil.example'))).toBeNull();
  });
});

describe('passwordProblem', () => {
  it.each(['password12', '1234567890', 'P@ssw0rd12', 'qwertyuiop1'])(
    'refuses the common password %s',
    (p) => {
      expect(passwordProblem(p, 'zhao')).toMatch(/^密码强度不足：/);
    },
  );

  it('accepts a long passphrase and a random one-time password', () => {
    expect(passwordProblem('river-lantern-orchid-2026', 'zhao')).toBeNull();
    expect(passwordProblem('Zx9!kq2Lm4pTv7', 'zhao')).toBeNull();
  });

  it('still refuses what it refused before: short, containing the user name', () => {
    expect(passwordProblem('short', 'zhao')).toBe('密码至少 10 个字符');
    expect(passwordProblem('zhao-lantern-orchid', 'zhao')).toBe('密码不能包含用户名');
  });
});
