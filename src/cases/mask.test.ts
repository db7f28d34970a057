import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskName, maskPhone } from './mask.ts';

describe('maskIdNumber', () => {
  it('hides the birth date of an 18-digit ID card number', () => {
    expect(maskIdNumber('110101199003071234')).toBe('110***********1234');
    expect(maskIdNumber('11010119900307123X')).toBe('110***********123X');
  });
  it('keeps only the first character of a short number', () => {
    expect(maskIdNumber('G1234567')).toBe('G*******');
  });
  it('answers empty for no number', () => {
    expect(maskIdNumber(null)).toBe('');
    expect(maskIdNumber('')).toBe('');
  });
  it('never shows characters 7–14 of any 18-character number, and keeps the length', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{17}[\dX]$/), (id) => {
        const m = maskIdNumber(id);
        expect(m).toHaveLength(18);
        expect(m.slice(6, 14)).toBe('********');
        expect(m.slice(0, 3)).toBe(id.slice(0, 3));
        expect(m.slice(-4)).toBe(id.slice(-4));
      }),
    );
  });
});

describe('maskPhone', () => {
  it('masks the middle four digits of a mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+86 13812345678')).toBe('+86 138****5678');
    expect(maskPhone('138 1234 5678')).toBe('138****5678');
  });
  it('keeps the area code and last two digits of a landline', () => {
    expect(maskPhone('010-62345678')).toBe('010-******78');
    expect(maskPhone('0512 6523 4567')).toBe('0512 **** **67');
  });
  it('shows at most 7 digits of any mobile number', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1\d{10}$/), (p) => {
        const m = maskPhone(p);
        expect(m.replace(/\D/g, '')).toHaveLength(7);
        expect(m.slice(3, 7)).toBe('****');
      }),
    );
  });
});

describe('maskName', () => {
  it('keeps the surname character only', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('李')).toBe('李');
  });
});
