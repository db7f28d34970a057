// Deciding a scanned number from several readings: agreement of two readings makes a cell certain only when the
// number's width fits the ink; readings naming different numbers leave the cell uncertain with every candidate, so
// OCR never passes a guess off as a printed number.
import { describe, expect, it } from 'vitest';
import { asDigits, fitsInk, type OcrCell, settleByVotes } from './page.ts';

const cell = (): OcrCell => ({ text: '', conf: 40, box: { x: 0, y: 0, w: 90, h: 40 }, uncertain: '待定' });
/** Ink of a printed number about 20 px tall: a digit is about 12 px wide. */
const ink = (digits: number) => ({ x: 10, y: 10, w: digits * 12 + (digits - 1) * 2, h: 20 });

describe('settleByVotes', () => {
  it('two readings that agree, the third no number, and the ink one digit wide: read', () => {
    const c = cell();
    settleByVotes(c, ink(1), ['0', ']', '0']);
    expect(c.text).toBe('0');
    expect(c.uncertain).toBeUndefined();
  });

  it('a digit dropped by two readings ("1" for ink two digits wide) stays uncertain', () => {
    const c = cell();
    settleByVotes(c, ink(2), ['1', '1', '']);
    expect(c.uncertain).toMatch(/识别不确定/);
  });

  it('two different numbers that both fit the ink: uncertain, both candidates, the more read one shown', () => {
    const c = cell();
    settleByVotes(c, ink(1), ['0', '9', '0']);
    expect(c.uncertain).toMatch(/“0”或“9”/);
    expect(c.candidates).toEqual(['0', '9']);
    expect(c.text).toBe('0');
  });

  it('a minus one reading missed: the signed number is the one that fits the ink', () => {
    const c = cell();
    settleByVotes(c, { x: 0, y: 0, w: 24, h: 20 }, ['-8', '8', '-8']);
    expect(c.text).toBe('-8');
    expect(c.uncertain).toBeUndefined();
  });

  it('under the seal, two agreeing readings are not enough: all three must agree', () => {
    const c = { ...cell(), underSeal: true };
    settleByVotes(c, ink(2), ['10', '10', '16']);
    expect(c.uncertain).toMatch(/识别不确定/);
    expect(c.candidates).toEqual(['10', '16']);
    const d = { ...cell(), underSeal: true };
    settleByVotes(d, ink(2), ['16', '16', '16']);
    expect(d.uncertain).toBeUndefined();
  });

  it('no number among the readings: the cell keeps its doubt', () => {
    const c = cell();
    settleByVotes(c, ink(1), [']', '', 'V']);
    expect(c.uncertain).toBe('待定');
  });
});

describe('reading helpers', () => {
  it('the Chinese model’s look-alikes and a leading 一 as a minus', () => {
    expect(asDigits('l O')).toBe('10');
    expect(asDigits('一7')).toBe('-7');
  });

  it('fitsInk: a three-digit number is not one digit wide, nor one digit three wide', () => {
    expect(fitsInk('107', ink(3))).toBe(true);
    expect(fitsInk('17', ink(3))).toBe(false);
    expect(fitsInk('107', ink(1))).toBe(false);
  });
});
