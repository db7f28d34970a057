// Password hashing with argon2id (@node-rs/argon2; its defaults are the OWASP minimum: 19 MiB, 2 passes).
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';

// The native addon is loaded on the first password hashed or checked, not by every server start (~50 ms of CPU:
// issue 18); a start on an existing data folder checks none.
const argon2 = () => import('@node-rs/argon2');

export const MIN_PASSWORD_LENGTH = 10;

export async function hashPassword(password: string): Promise<string> {
  return (await argon2()).hash(password);
}

/** False for a wrong password and for a malformed stored hash alike: the caller says only "用户名或密码错误". */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  const { verify } = await argon2(); // a missing addon is an error, not a wrong password
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash of a random password, to spend the same time on an unknown user name as on a known one. */
let decoy: Promise<string> | null = null;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
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
  return weakness(password, username);
}

/** zxcvbn's score (0–4) below which a password is refused: 3 is "safely unguessable" (about 10^8 guesses). */
const MIN_SCORE = 3;

/** Chinese for zxcvbn-ts's warning keys (the package ships no Chinese translation). */
const WARNINGS: Readonly<Record<string, string>> = {
  straightRow: '键盘上连续的一排按键很容易被猜到',
  keyPattern: '键盘上的简单图案很容易被猜到',
  simpleRepeat: '“aaa”这样的重复字符很容易被猜到',
  extendedRepeat: '“abcabcabc”这样的重复模式很容易被猜到',
  sequences: '“abc”“123”这样的序列很容易被猜到',
  recentYears: '近年的年份很容易被猜到',
  dates: '日期很容易被猜到',
  topTen: '这是最常用的密码之一',
  topHundred: '这是非常常用的密码',
  common: '这是常用密码',
  similarToCommon: '与常用密码相似（只是替换了个别字母或加了数字）',
  wordByItself: '单个词语很容易被猜到',
  namesByThemselves: '单独的姓名很容易被猜到',
  commonNames: '常见姓名很容易被猜到',
  userInputs: '不要使用与您个人信息或本网站有关的内容',
  pwned: '该密码已在公开泄露的数据中出现',
};

let estimator: import('@zxcvbn-ts/core').ZxcvbnFactory | null = null;

/**
 * A strength estimate against the common-password lists and patterns of zxcvbn-ts (a maintained package, not a
 * hand-written list): refuses `password12`, `1234567890`, `P@ssw0rd12` and the like, with the reason in Chinese.
 */
function weakness(password: string, username: string): string | null {
  if (!estimator) {
    // Loaded when a password is first checked, not by every start (its dictionaries are ~0.1 s of CPU: ADR 0004);
    // `require` keeps this check synchronous.
    const require = createRequire(import.meta.url);
    const { ZxcvbnFactory } = require('@zxcvbn-ts/core') as typeof import('@zxcvbn-ts/core');
    const common = require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
    estimator = new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs });
  }
  const r = estimator.check(password, [username, 'gongkai', '政府信息公开']);
  if (r.score >= MIN_SCORE) return null;
  const why = (r.feedback.warning && WARNINGS[r.feedback.warning]) || '容易被猜到';
  return `密码强度不足：${why}。请使用更长的密码，例如由几个不相关的词语和数字、符号组成`;
}
