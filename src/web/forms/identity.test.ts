import { describe, expect, it } from 'vitest';
import { isCreditCode, isPhone, isResidentId } from './identity.ts';

describe('公民身份号码 check (GB 11643)', () => {
  it.each([
    ['11010519491231002X', true],
    ['110105194912310021', false],
    ['440524188001010014', false], // born before 1900
    ['110105194902300026', false], // 30 February
    ['11010519491231002x', true], // lower-case x is accepted
    ['1101051949123100', false],
  ])('%s → %s', (id, ok) => expect(isResidentId(id)).toBe(ok));
});

describe('统一社会信用代码 check (GB 32100)', () => {
  it.each([
    ['91350100M000100Y43', true],
    ['91350100M000100Y44', false],
    ['91350100M000100I43', false], // I is not in the alphabet
  ])('%s → %s', (code, ok) => expect(isCreditCode(code)).toBe(ok));
});

describe('contact numbers', () => {
  it.each([
    ['13812345678', true],
    ['138 1234 5678', true],
    ['010-12345678', true],
    ['12345678901', false],
    ['phone', false],
  ])('%s → %s', (p, ok) => expect(isPhone(p)).toBe(ok));
});
