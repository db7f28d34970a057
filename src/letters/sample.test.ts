import { describe, expect, it } from 'vitest';
import { seedCalendar } from '../calendar-seed/index.ts';
import { addWorkdays } from '../domain/calendar/index.ts';
import { computeClock } from '../domain/clock/index.ts';
import { feeByPages } from '../domain/fees/index.ts';
import { parseLetterData } from './data.ts';
import { LETTER_KINDS } from './kinds.ts';
import { sampleLetterData } from './sample.ts';

// The sample letters are what an administrator previews templates with: their dates must be what the clock says.
describe('sample letter data', () => {
  const cal = seedCalendar();

  it.each(LETTER_KINDS)('%s: passes the data checks', (kind) => {
    expect(() => parseLetterData(sampleLetterData(kind))).not.toThrow();
  });

  it('reply due 2024-03-29: 20 working days after an online application confirmed on 2024-03-01', () => {
    const r = computeClock([{ type: 'received', date: '2024-03-01', channel: 'online' }], cal, {});
    expect(r.dueDate).toBe(sampleLetterData('receipt').dates.due);
  });

  it('extension to 2024-04-28: 20 more working days over 清明 2024 (04-07 a make-up Sunday)', () => {
    expect(addWorkdays('2024-03-29', 20, cal).date).toBe(sampleLetterData('extension').extension!.newDueDate);
  });

  it('fee due 2024-04-15: 20 working days from the day after the notice of 2024-03-15', () => {
    const r = computeClock(
      [
        { type: 'received', date: '2024-03-01', channel: 'online' },
        { type: 'feeNotified', date: '2024-03-15', amount: 380 },
      ],
      cal,
      {},
    );
    expect(r.feePaymentDue).toBe(sampleLetterData('fee').fee!.payBy);
  });

  it('third party to reply by 2024-03-29: 15 working days from 2024-03-08', () => {
    expect(addWorkdays('2024-03-08', 15, cal).date).toBe(
      sampleLetterData('consultation').consultation!.replyBy,
    );
  });

  it('the fee is the 68-page quote of the fee domain (380 元)', () => {
    const fee = sampleLetterData('fee').fee!;
    expect(fee.amount).toBe(feeByPages(68).amount);
    expect(fee.bands).toEqual(feeByPages(68).lines);
  });
});
