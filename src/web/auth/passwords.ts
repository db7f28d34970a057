// Password hashing with argon2id (@node-rs/argon2; its defaults are the OWASP minimum: 19 MiB, 2 passes).
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

export const MIN_PASSWORD_LENGTH = 10;

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** False for a wrong password and for a malformed stored hash alike: the caller says only "用户名或密码错误". */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash of a random password, to spend the same time on an unknown user name as on a known one. */
let decoy: Promise<string> | null = null;
export function decoyHash(): Promise<string> {
  decoy ??= hash(randomBytes(16).toString('hex'));
  return decoy;
}

// No 0/O, 1/l/I: the one-time password is read off a terminal and typed by hand.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A one-time password: 16 characters from a 55-letter alphabet (~92 bits). */
export function oneTimePassword(length = 16): string {
  const bytes = randomBytes(length * 2);
  let out = '';
  for (let i = 0; out.length < length && i < bytes.length; i++) {
    const b = bytes[i]!;
    // Rejection sampling keeps every letter equally likely (256 is not a multiple of 55).
    if (b < 220) out += ALPHABET[b % ALPHABET.length];
  }
  return out.length === length ? out : oneTimePassword(length);
}

/** Why a new password is refused, in Chinese, or null when it is acceptable. */
export function passwordProblem(password: string, username: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `密码至少 ${MIN_PASSWORD_LENGTH} 个字符`;
  if (password.length > 200) return '密码不能超过 200 个字符';
  if (password.toLowerCase().includes(username.toLowerCase())) return '密码不能包含用户名';
  if (/^(.)\1*$/.test(password)) return '密码不能由同一个字符重复组成';
  return null;
}
