import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seedCalendar } from '../../calendar-seed/index.ts';
import { dayNumber, fromDayNumber } from '../calendar/date.ts';
import { addWorkdays, CalendarError } from '../calendar/index.ts';
import { computeClock } from './compute.ts';
import { ClockError, type ClockErrorCode } from './errors.ts';
import type { ClockEvent, ReceiptChannel } from './events.ts';
import { periodsFor } from './settings.ts';

const cal = seedCalendar();
const received = (date: string, channel: ReceiptChannel = 'online'): ClockEvent => ({
  type: 'received',
  date,
  channel,
});

describe('reply period (《条例》第三十三条)', () => {
  it('is 20 working days from receipt, the receipt day not counted (2023 国庆调休)', () => {
    const r = computeClock([received('2023-09-25', 'registeredMail')], cal);
    expect(r).toMatchObject({
      status: 'open',
      receivedOn: '2023-09-25',
      channel: 'registeredMail',
      clockStart: '2023-09-25',
      dueDate: '2023-10-27',
      correctionNoticeDue: '2023-10-10',
      feePaymentDue: null,
      provisional: false,
      calendarVersion: cal.version,
    });
  });

  it('counts the receipt day when the agency says so (countReceiptDay)', () => {
    const r = computeClock([received('2023-09-25')], cal, { countReceiptDay: true });
    expect(r.dueDate).toBe('2023-10-26');
    expect(r.correctionNoticeDue).toBe('2023-10-09');
  });

  it('closes on the spot (当场答复) on the day of receipt', () => {
    const r = computeClock(
      [received('2024-05-06', 'inPerson'), { type: 'replied', date: '2024-05-06', onTheSpot: true }],
      cal,
    );
    expect(r.status).toBe('closed');
    expect(r.closure).toEqual({ on: '2024-05-06', reason: 'replied', onTheSpot: true, abandonedFor: null });
    expect(r.overdue).toBe(false);
    expect(r.dueSoon).toBe(false);
  });

  it('marks a reply after the due date as overdue', () => {
    const r = computeClock([received('2023-09-25'), { type: 'replied', date: '2023-10-30' }], cal);
    expect(r).toMatchObject({ status: 'closed', overdue: true });
  });

  it('closes on withdrawal', () => {
    const r = computeClock([received('2023-09-25'), { type: 'withdrawn', date: '2023-09-28' }], cal);
    expect(r.closure?.reason).toBe('withdrawn');
    expect(r.status).toBe('closed');
  });
});

describe('"today": remaining working days, dueSoon, overdue', () => {
  it.each([
    ['2023-10-23', 4, false, false, 'four working days left'],
    ['2023-10-24', 3, true, false, 'three left: due soon'],
    ['2023-10-27', 0, true, false, 'the due date itself'],
    ['2023-10-28', 0, false, true, 'the Saturday after: overdue'],
  ])('on %s: %i left, dueSoon %s, overdue %s (%s)', (today, left, soon, late) => {
    const r = computeClock([received('2023-09-25')], cal, {}, today);
    expect(r).toMatchObject({ remainingWorkdays: left, dueSoon: soon, overdue: late });
  });

  it('takes the dueSoon threshold from the settings', () => {
    expect(computeClock([received('2023-09-25')], cal, { dueSoonWorkdays: 5 }, '2023-10-20').dueSoon).toBe(
      true,
    );
  });

  it('leaves the flags null without "today"', () => {
    expect(computeClock([received('2023-09-25')], cal)).toMatchObject({ dueSoon: null, overdue: null });
  });
});

describe('补正 (《条例》第三十条)', () => {
  const history: ClockEvent[] = [
    received('2024-03-01'),
    { type: 'correctionRequested', date: '2024-03-05', correctionDue: '2024-03-15' },
  ];

  it('stops the reply period until the correction arrives', () => {
    const r = computeClock(history, cal, {}, '2024-03-08');
    expect(r).toMatchObject({
      status: 'awaitingCorrection',
      clockStart: null,
      dueDate: null,
      correctionNoticeDue: '2024-03-12',
      correctionDue: '2024-03-15',
      overdue: false,
      lapsed: null,
    });
  });

  it('restarts the 20 working days from receipt of the correction (清明 2024 make-up Sunday counted)', () => {
    const r = computeClock([...history, { type: 'correctionReceived', date: '2024-03-12' }], cal);
    expect(r).toMatchObject({ status: 'open', clockStart: '2024-03-12', dueDate: '2024-04-10' });
  });

  it('reports a lapsed correction period, and allows 视为放弃 only after it', () => {
    expect(computeClock(history, cal, {}, '2024-03-18').lapsed).toBe('correction');
    expect(() =>
      computeClock([...history, { type: 'abandoned', date: '2024-03-15', reason: 'correction' }], cal),
    ).toThrow(/补正期限（2024-03-15）尚未届满/);
    const r = computeClock(
      [...history, { type: 'abandoned', date: '2024-03-18', reason: 'correction' }],
      cal,
    );
    expect(r.closure).toMatchObject({ reason: 'abandoned', abandonedFor: 'correction' });
  });

  it('warns about a 补正告知 later than 7 working days (2026 春节: due 2026-02-26, counting 02-14)', () => {
    const late = computeClock(
      [received('2026-02-10'), { type: 'correctionRequested', date: '2026-02-27' }],
      cal,
    );
    expect(late.correctionNoticeDue).toBe('2026-02-26');
    expect(late.warnings.join()).toMatch(/补正告知（2026-02-27）晚于法定期限 2026-02-26/);
    const onTime = computeClock(
      [received('2026-02-10'), { type: 'correctionRequested', date: '2026-02-26' }],
      cal,
    );
    expect(onTime.warnings).toEqual([]);
  });

  it('warns about a correction after the correction period', () => {
    const r = computeClock([...history, { type: 'correctionReceived', date: '2024-03-18' }], cal);
    expect(r.warnings.join()).toMatch(/晚于补正期限 2024-03-15/);
  });
});

describe('consultation (《条例》第三十二、三十三、三十四条): time not counted', () => {
  const start: ClockEvent = { type: 'consultationStarted', date: '2023-10-09', party: 'thirdParty' };

  it('pushes the due date by the working days after the start up to the reply', () => {
    const r = computeClock(
      [received('2023-09-25'), start, { type: 'consultationEnded', date: '2023-10-13' }],
      cal,
    );
    expect(r.dueDate).toBe('2023-11-02');
    expect(r.pausedWorkdays).toBe(4);
    expect(r.pauses).toEqual([
      {
        reason: 'consultation',
        party: 'thirdParty',
        ref: '#2',
        from: '2023-10-09',
        until: '2023-10-13',
        open: false,
        replyDue: '2023-10-30',
        excludedWorkdays: 4,
        replyDueMissingYears: [],
      },
    ]);
  });

  it('is paused while the consultation runs, the due date assuming it ends today', () => {
    const r = computeClock([received('2023-09-25'), start], cal, {}, '2023-10-16');
    expect(r).toMatchObject({ status: 'paused', dueDate: '2023-11-03', remainingWorkdays: 14 });
  });

  it('counts overlapping consultations once', () => {
    const r = computeClock(
      [
        received('2023-09-25'),
        { type: 'consultationStarted', date: '2023-10-09', party: 'thirdParty', ref: 'A' },
        { type: 'consultationStarted', date: '2023-10-11', party: 'otherAgency', ref: 'B' },
        { type: 'consultationEnded', date: '2023-10-13', ref: 'A' },
        { type: 'consultationEnded', date: '2023-10-17', ref: 'B' },
      ],
      cal,
    );
    expect(r.pausedWorkdays).toBe(6);
    expect(r.dueDate).toBe('2023-11-06');
  });

  it('stops excluding time once the 15-working-day reply period has run (default)', () => {
    const r = computeClock([received('2023-09-25'), start], cal, {}, '2023-11-20');
    expect(r).toMatchObject({ status: 'open', dueDate: '2023-11-17', pausedWorkdays: 15, overdue: true });
    expect(r.warnings.join()).toMatch(/第三方截至 2023-10-30 仍未提出意见/);
  });

  it('keeps excluding time without the cap', () => {
    const r = computeClock([received('2023-09-25'), start], cal, { capConsultation: false }, '2023-11-20');
    expect(r).toMatchObject({ status: 'paused', dueDate: '2023-12-08', remainingWorkdays: 14 });
  });

  it('needs a ref to end one of several open consultations', () => {
    const events: ClockEvent[] = [
      received('2023-09-25'),
      { type: 'consultationStarted', date: '2023-10-09', party: 'thirdParty' },
      { type: 'consultationStarted', date: '2023-10-10', party: 'otherAgency' },
      { type: 'consultationEnded', date: '2023-10-13' },
    ];
    expect(() => computeClock(events, cal)).toThrow(/有 2 个征求意见尚未结束/);
  });
});

describe('extension (《条例》第三十三条第二款)', () => {
  const extended: ClockEvent = {
    type: 'extended',
    date: '2023-10-20',
    workdays: 20,
    approver: '公开办 张主任',
  };

  it('adds up to 20 working days to the due date', () => {
    const r = computeClock([received('2023-09-25'), extended], cal);
    expect(r).toMatchObject({
      dueDateBeforeExtension: '2023-10-27',
      dueDate: '2023-11-24',
      extension: { date: '2023-10-20', workdays: 20, approver: '公开办 张主任' },
    });
  });

  it('warns when the extension is notified after the original due date', () => {
    const r = computeClock([received('2023-09-25'), { ...extended, date: '2023-10-30' }], cal);
    expect(r.warnings.join()).toMatch(/延期告知（2023-10-30）晚于原答复期限 2023-10-27/);
  });
});

describe('fee (国办函〔2020〕109号)', () => {
  const notified: ClockEvent = {
    type: 'feeNotified',
    date: '2024-03-11',
    receivedOn: '2024-03-12',
    amount: 380,
  };

  it('gives 20 working days to pay from the day after the notice is received (清明 2024 included)', () => {
    const r = computeClock([received('2024-03-01'), notified], cal, {}, '2024-03-13');
    expect(r).toMatchObject({ status: 'awaitingFee', feePaymentDue: '2024-04-10', lapsed: null });
  });

  it('pauses the reply period from the notice to the payment by default', () => {
    const r = computeClock([received('2024-03-01'), notified, { type: 'feePaid', date: '2024-03-20' }], cal);
    expect(r).toMatchObject({ status: 'open', dueDate: '2024-04-10', pausedWorkdays: 7 });
  });

  it('does not pause when feePausesClock is false [UNCERTAIN in the sources]', () => {
    const r = computeClock([received('2024-03-01'), notified, { type: 'feePaid', date: '2024-03-20' }], cal, {
      feePausesClock: false,
    });
    expect(r.dueDate).toBe('2024-03-29');
    expect(r.pauses).toEqual([]);
  });

  it('reports an unpaid fee past the period, and allows 视为放弃 only after it', () => {
    expect(computeClock([received('2024-03-01'), notified], cal, {}, '2024-04-11').lapsed).toBe('fee');
    expect(() =>
      computeClock(
        [received('2024-03-01'), notified, { type: 'abandoned', date: '2024-04-10', reason: 'fee' }],
        cal,
      ),
    ).toThrow(/缴费期限（2024-04-10）尚未届满/);
    const r = computeClock(
      [received('2024-03-01'), notified, { type: 'abandoned', date: '2024-04-11', reason: 'fee' }],
      cal,
    );
    expect(r.closure).toMatchObject({ reason: 'abandoned', abandonedFor: 'fee' });
  });
});

describe('calendar coverage', () => {
  it('flags a case whose window reaches 2027 as provisional', () => {
    const r = computeClock([received('2026-12-10')], cal);
    expect(r).toMatchObject({ dueDate: '2027-01-08', provisional: true, missingYears: [2027] });
    expect(r.provisionalDates.dueDate).toEqual([2027]);
  });

  // Each date is 暂定 on its own window. The seed calendar has the 2026 notice and not the 2027 one; a date from
  // 12-25 on also waits for the next year's notice (it may move a make-up working day into late December).
  const r26 = received('2026-11-16');
  it.each<[string, ClockEvent[], string, Record<string, string | null>, Record<string, number[]>]>([
    [
      'fee notice: reply due certain, pay-by (收到次日起20个工作日, 国办函〔2020〕109号) provisional',
      [r26, { type: 'feeNotified', date: '2026-12-04' }],
      '2026-12-06',
      { dueDate: '2026-12-14', feePaymentDue: '2027-01-04' },
      { feePaymentDue: [2027] },
    ],
    [
      'fee paid: the reply due date stays certain',
      [r26, { type: 'feeNotified', date: '2026-12-04' }, { type: 'feePaid', date: '2026-12-07' }],
      '2026-12-08',
      { dueDate: '2026-12-15', feePaymentDue: '2027-01-04' },
      { feePaymentDue: [2027] },
    ],
    [
      '补正 requested: only the 补正告知 deadline (第三十条, 7 working days) is provisional; no reply due date yet',
      [
        received('2026-12-24'),
        { type: 'correctionRequested', date: '2026-12-28', correctionDue: '2026-12-31' },
      ],
      '2026-12-29',
      { dueDate: null, correctionNoticeDue: '2027-01-05' },
      { correctionNoticeDue: [2027] },
    ],
    [
      '征求意见 replying by 12-25: the reply due date is not marked by it',
      [r26, { type: 'consultationStarted', date: '2026-12-04', party: 'thirdParty' }],
      '2026-12-06',
      { dueDate: '2026-12-14' },
      {},
    ],
    [
      '延期 (第三十三条第二款) crossing into 2027: the extended due date is provisional, the original one is not',
      [r26, { type: 'extended', date: '2026-12-10', workdays: 20, approver: '张主任' }],
      '2026-12-10',
      { dueDate: '2027-01-12', dueDateBeforeExtension: '2026-12-14' },
      { dueDate: [2027] },
    ],
    [
      '延期 staying in 2026 before 12-25: nothing provisional',
      [r26, { type: 'extended', date: '2026-12-10', workdays: 5, approver: '张主任' }],
      '2026-12-10',
      { dueDate: '2026-12-21', dueDateBeforeExtension: '2026-12-14' },
      {},
    ],
  ])('%s', (_, events, today, dates, provisionalDates) => {
    const r = computeClock(events, cal, {}, today);
    expect(r).toMatchObject(dates);
    expect(r.provisionalDates).toEqual(provisionalDates);
  });

  it('a consultation reply-by date is provisional on its own pause', () => {
    const r = computeClock(
      [r26, { type: 'consultationStarted', date: '2026-12-04', party: 'thirdParty' }],
      cal,
      {},
      '2026-12-06',
    );
    expect(r.pauses[0]).toMatchObject({ replyDue: '2026-12-25', replyDueMissingYears: [2027] });
    // The whole-case view still says the case will be touched by the 2027 notice.
    expect(r).toMatchObject({ provisional: true, missingYears: [2027] });
  });

  it('throws in strict mode', () => {
    expect(() => computeClock([received('2026-12-10')], cal, { strictCalendar: true })).toThrow(
      CalendarError,
    );
    expect(() => computeClock([received('2026-12-10')], cal, { strictCalendar: true })).toThrow(/2027 年/);
  });
});

describe('impossible or refused histories throw a ClockError with a Chinese message', () => {
  const r0 = received('2023-09-25');
  it.each<[string, ClockEvent[], ClockErrorCode, RegExp, number | null]>([
    ['an empty history', [], 'NOT_RECEIVED', /事件记录为空/, null],
    [
      'a reply before receipt',
      [r0, { type: 'replied', date: '2023-09-20' }],
      'OUT_OF_ORDER',
      /早于前一个事件/,
      1,
    ],
    [
      'a history not starting with receipt',
      [{ type: 'replied', date: '2023-09-20' }],
      'NOT_RECEIVED',
      /收到申请/,
      0,
    ],
    ['two receipts', [r0, received('2023-09-26')], 'NOT_RECEIVED', /只能记录一次/, 1],
    [
      'a second extension',
      [
        r0,
        { type: 'extended', date: '2023-10-20', workdays: 10, approver: '张主任' },
        { type: 'extended', date: '2023-10-23', workdays: 10, approver: '张主任' },
      ],
      'EXTENSION_REFUSED',
      /只能延长一次/,
      2,
    ],
    [
      'an extension of 21 working days',
      [r0, { type: 'extended', date: '2023-10-20', workdays: 21, approver: '张主任' }],
      'EXTENSION_REFUSED',
      /最长不得超过20个工作日/,
      1,
    ],
    [
      'an extension without approver',
      [r0, { type: 'extended', date: '2023-10-20', workdays: 5, approver: ' ' }],
      'EXTENSION_REFUSED',
      /工作机构负责人同意/,
      1,
    ],
    [
      'a second 补正 notice',
      [
        r0,
        { type: 'correctionRequested', date: '2023-09-26' },
        { type: 'correctionRequested', date: '2023-09-27' },
      ],
      'INVALID_SEQUENCE',
      /一次性告知/,
      2,
    ],
    [
      'a correction never requested',
      [r0, { type: 'correctionReceived', date: '2023-09-27' }],
      'INVALID_SEQUENCE',
      /没有告知补正/,
      1,
    ],
    [
      'a payment without notice',
      [r0, { type: 'feePaid', date: '2023-09-27' }],
      'INVALID_SEQUENCE',
      /没有发出收费通知/,
      1,
    ],
    [
      'an end of no consultation',
      [r0, { type: 'consultationEnded', date: '2023-09-27' }],
      'INVALID_SEQUENCE',
      /没有正在进行/,
      1,
    ],
    [
      'an event after the reply',
      [r0, { type: 'replied', date: '2023-10-09' }, { type: 'withdrawn', date: '2023-10-10' }],
      'ALREADY_CLOSED',
      /已于 2023-10-09 答复办结/,
      2,
    ],
    [
      'an on-the-spot reply on another day',
      [r0, { type: 'replied', date: '2023-09-26', onTheSpot: true }],
      'INVALID_EVENT',
      /当场答复/,
      1,
    ],
    [
      'an extension while awaiting correction',
      [
        r0,
        { type: 'correctionRequested', date: '2023-09-26' },
        { type: 'extended', date: '2023-09-27', workdays: 5, approver: '张主任' },
      ],
      'INVALID_SEQUENCE',
      /等待补正期间/,
      2,
    ],
    ['a malformed date', [received('2023-9-25')], 'INVALID_EVENT', /不是有效日期/, 0],
    [
      'an unknown event',
      [r0, { type: 'mystery', date: '2023-09-26' } as never],
      'INVALID_EVENT',
      /无法识别/,
      1,
    ],
  ])('%s', (_what, events, code, message, index) => {
    let error: unknown;
    try {
      computeClock(events, cal);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ClockError);
    expect((error as ClockError).code).toBe(code);
    expect((error as ClockError).message).toMatch(message);
    expect((error as ClockError).eventIndex).toBe(index);
  });

  it('refuses a "today" before the last event', () => {
    expect(() => computeClock([received('2023-09-25')], cal, {}, '2023-09-24')).toThrow(/早于最后一个事件/);
  });
});

describe('properties', () => {
  const receipt = fc
    .integer({ min: dayNumber('2005-01-01'), max: dayNumber('2025-12-31') })
    .map(fromDayNumber);

  it('a consultation moves the due date by exactly the working days it excludes', () => {
    fc.assert(
      fc.property(
        receipt,
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 0, max: 15 }),
        (rec, after, len) => {
          const from = addWorkdays(rec, after, cal).date;
          const to = addWorkdays(from, len, cal).date;
          const r = computeClock(
            [
              received(rec),
              { type: 'consultationStarted', date: from, party: 'thirdParty' },
              { type: 'consultationEnded', date: to },
            ],
            cal,
          );
          expect(r.pausedWorkdays).toBe(len);
          expect(r.dueDate).toBe(addWorkdays(rec, periodsFor(rec).reply + len, cal).date);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('the law scenario by scenario: defects found and fixed (date tables)', () => {
  const code = (f: () => unknown): ClockErrorCode | 'ok' => {
    try {
      f();
      return 'ok';
    } catch (e) {
      if (e instanceof ClockError) return e.code;
      throw e;
    }
  };

  // 《条例》第三十条: 视为放弃 only when a reasonable 补正 period was set and has run out.
  it.each([
    ['no period ever set', undefined, '2023-04-20', 'INVALID_SEQUENCE'],
    ['period not yet run out', '2023-03-31', '2023-03-31', 'INVALID_SEQUENCE'],
    ['period run out', '2023-03-31', '2023-04-03', 'ok'],
  ] as const)('补正 abandonment — %s', (_what, due, on, want) => {
    const events: ClockEvent[] = [
      received('2023-03-01'),
      { type: 'correctionRequested', date: '2023-03-03', ...(due ? { correctionDue: due } : {}) },
      { type: 'abandoned', date: on, reason: 'correction' },
    ];
    expect(code(() => computeClock(events, cal))).toBe(want);
  });

  // 国办函〔2020〕109号 applies from 2021-01-01.
  it.each([
    ['2020-12-31', 'INVALID_EVENT'],
    ['2021-01-04', 'ok'],
  ] as const)('a fee notice dated %s → %s', (on, want) => {
    const events: ClockEvent[] = [
      received(on === '2020-12-31' ? '2020-12-01' : '2020-12-30'),
      { type: 'feeNotified', date: on, amount: 100 },
    ];
    expect(code(() => computeClock(events, cal))).toBe(want);
  });

  // Receipt before 2019-05-15: the 2007 《条例》 第二十四条 (15 working days, extension at most 15).
  it.each([
    // 2019-03-01 (Fri) + 15 working days: 03-04…08, 11…15, 18…22.
    ['2019-03-01', '2019-03-22', true],
    // The last day of the old 条例.
    ['2019-05-14', '2019-06-04', true],
    // The first day of the new one: 20 working days (端午 2019-06-07 is a holiday).
    ['2019-05-15', '2019-06-13', false],
  ] as const)('received %s → due %s (old 条例: %s)', (on, due, old) => {
    const r = computeClock([received(on)], cal);
    expect(r.dueDate).toBe(due);
    expect(r.warnings.some((w) => w.includes('2007年《条例》第二十四条'))).toBe(old);
  });

  it('refuses an extension over 15 working days under the old 条例, allows 15', () => {
    const base: ClockEvent[] = [received('2019-03-01')];
    const ext = (workdays: number): ClockEvent[] => [
      ...base,
      { type: 'extended', date: '2019-03-20', workdays, approver: '负责人' },
    ];
    expect(code(() => computeClock(ext(16), cal))).toBe('EXTENSION_REFUSED');
    // 2019-03-22 + 15 working days; 清明 2019-04-05 is a holiday.
    expect(computeClock(ext(15), cal).dueDate).toBe('2019-04-15');
  });
});
