// The statutory clock of an 依申请公开 case: replays the event history and derives every deadline from it.
// Pure: the calendar and "today" are arguments, nothing is read from the environment.
import {
  addWorkdays,
  type CalendarData,
  CalendarError,
  countWorkdays,
  type IsoDate,
  isIsoDate,
  type WorkdaysResult,
} from '../calendar/index.ts';
import { ClockError } from './errors.ts';
import {
  type ClockEvent,
  type ConsultedParty,
  EVENT_LABELS,
  PARTY_LABELS,
  RECEIPT_CHANNELS,
} from './events.ts';
import type {
  ClockClosure,
  ClockDateKey,
  ClockPause,
  ClockResult,
  ClockStatus,
  ProvisionalDates,
} from './result.ts';
import {
  type ClockSettings,
  DEFAULT_CLOCK_SETTINGS,
  FEE_RULES_FROM,
  STATUTORY_PERIODS as P,
  periodsFor,
} from './settings.ts';

interface Consultation {
  readonly party: ConsultedParty;
  readonly ref: string;
  readonly from: IsoDate;
  end: IsoDate | null;
}

interface Replay {
  regime: ReturnType<typeof periodsFor>;
  receivedOn: IsoDate;
  channel: ClockResult['channel'];
  correctionNoticeDue: IsoDate;
  correctionNoticeMissing: readonly number[];
  correctionRequested: IsoDate | null;
  correctionDue: IsoDate | null;
  correctionReceived: IsoDate | null;
  consultations: Consultation[];
  extension: ClockResult['extension'];
  fee: {
    notified: IsoDate;
    receivedOn: IsoDate;
    due: IsoDate;
    dueMissing: readonly number[];
    paid: IsoDate | null;
  } | null;
  closure: ClockClosure | null;
  lastDate: IsoDate;
}

const max = (a: IsoDate, b: IsoDate) => (a > b ? a : b);

/** Collects the years a computation needed but the calendar lacks. */
class Tracker {
  readonly missing = new Set<number>();
  take<T extends { missingYears: readonly number[] }>(r: T): T {
    for (const y of r.missingYears) this.missing.add(y);
    return r;
  }
}

function describe(e: ClockEvent, i: number): string {
  const label = EVENT_LABELS[e.type] ?? String((e as { type: unknown }).type);
  return `第 ${i + 1} 个事件（${label}，${String(e.date)}）`;
}

function validate(events: readonly ClockEvent[], today: IsoDate | undefined): void {
  if (!Array.isArray(events) || events.length === 0) {
    throw new ClockError('NOT_RECEIVED', '事件记录为空：案件应从“收到申请”开始');
  }
  events.forEach((e, i) => {
    if (!e || typeof e !== 'object' || !(e.type in EVENT_LABELS)) {
      throw new ClockError('INVALID_EVENT', `第 ${i + 1} 个事件的类型“${String(e?.type)}”无法识别`, i);
    }
    if (!isIsoDate(e.date)) {
      throw new ClockError('INVALID_EVENT', `${describe(e, i)}的日期不是有效日期，应写作 YYYY-MM-DD`, i);
    }
    const prev = events[i - 1];
    if (prev && e.date < prev.date) {
      throw new ClockError(
        'OUT_OF_ORDER',
        `${describe(e, i)}早于前一个${describe(prev, i - 1).replace(/^第 \d+ 个/, '')}：事件应按时间先后记录`,
        i,
      );
    }
  });
  if (today !== undefined) {
    if (!isIsoDate(today))
      throw new ClockError('INVALID_EVENT', `“今天”的日期“${String(today)}”不是有效日期`);
    const last = events.at(-1)!;
    if (today < last.date) {
      throw new ClockError('OUT_OF_ORDER', `“今天”（${today}）早于最后一个事件的日期（${last.date}）`);
    }
  }
}

function replay(
  events: readonly ClockEvent[],
  cal: CalendarData,
  s: ClockSettings,
  track: Tracker,
  warnings: string[],
): Replay {
  const first = events[0]!;
  if (first.type !== 'received') {
    throw new ClockError('NOT_RECEIVED', `${describe(first, 0)}之前没有“收到申请”：案件应从收到申请开始`, 0);
  }
  if (!(first.channel in RECEIPT_CHANNELS)) {
    throw new ClockError('INVALID_EVENT', `收到申请的渠道“${String(first.channel)}”无法识别`, 0);
  }
  const regime = periodsFor(first.date);
  if (regime.old) warnings.push(regime.note);
  // 《条例》第三十条: 自收到申请之日起7个工作日内一次性告知补正.
  const noticeDue = track.take(
    addWorkdays(first.date, P.correctionNotice.workdays, cal, { countStartDay: s.countReceiptDay }),
  );
  const r: Replay = {
    regime,
    receivedOn: first.date,
    channel: first.channel,
    correctionNoticeDue: noticeDue.date,
    correctionNoticeMissing: noticeDue.missingYears,
    correctionRequested: null,
    correctionDue: null,
    correctionReceived: null,
    consultations: [],
    extension: null,
    fee: null,
    closure: null,
    lastDate: first.date,
  };
  const awaitingCorrection = () => r.correctionRequested !== null && r.correctionReceived === null;

  for (let i = 1; i < events.length; i++) {
    const e = events[i]!;
    const at = describe(e, i);
    r.lastDate = e.date;
    if (r.closure) {
      const how = { replied: '答复', withdrawn: '撤回', abandoned: '视为放弃申请' }[r.closure.reason];
      throw new ClockError('ALREADY_CLOSED', `${at}：本案已于 ${r.closure.on} ${how}办结，不能再记录事件`, i);
    }
    switch (e.type) {
      case 'received':
        throw new ClockError('NOT_RECEIVED', `${at}：收到申请只能记录一次（已于 ${r.receivedOn} 收到）`, i);

      case 'correctionRequested': {
        // 《条例》第三十条: 一次性告知 — a single notice listing everything to correct.
        if (r.correctionRequested) {
          throw new ClockError(
            'INVALID_SEQUENCE',
            `${at}：补正应一次性告知（《条例》第三十条），本案已于 ${r.correctionRequested} 告知补正`,
            i,
          );
        }
        if (r.extension) {
          throw new ClockError('INVALID_SEQUENCE', `${at}：答复期限已延长，不能再告知补正`, i);
        }
        if (e.correctionDue != null && (!isIsoDate(e.correctionDue) || e.correctionDue < e.date)) {
          throw new ClockError(
            'INVALID_EVENT',
            `${at}：补正期限“${String(e.correctionDue)}”应为不早于告知日的日期`,
            i,
          );
        }
        if (e.date > r.correctionNoticeDue) {
          warnings.push(
            `补正告知（${e.date}）晚于法定期限 ${r.correctionNoticeDue}：应自收到申请之日起7个工作日内一次性告知（《条例》第三十条）`,
          );
        }
        r.correctionRequested = e.date;
        r.correctionDue = e.correctionDue ?? null;
        break;
      }

      case 'correctionReceived':
        if (!r.correctionRequested) {
          throw new ClockError('INVALID_SEQUENCE', `${at}：本案没有告知补正，不能记录收到补正`, i);
        }
        if (r.correctionReceived) {
          throw new ClockError('INVALID_SEQUENCE', `${at}：已于 ${r.correctionReceived} 收到补正`, i);
        }
        if (r.correctionDue && e.date > r.correctionDue) {
          warnings.push(
            `申请人于 ${e.date} 补正，晚于补正期限 ${r.correctionDue}；无正当理由逾期不补正的，视为放弃申请（《条例》第三十条）`,
          );
        }
        r.correctionReceived = e.date;
        break;

      case 'consultationStarted': {
        if (!(e.party in PARTY_LABELS)) {
          throw new ClockError('INVALID_EVENT', `${at}：征求意见对象“${String(e.party)}”无法识别`, i);
        }
        const ref = e.ref ?? `#${i + 1}`;
        if (r.consultations.some((c) => c.ref === ref && c.end === null)) {
          throw new ClockError('INVALID_SEQUENCE', `${at}：编号为“${ref}”的征求意见尚未结束`, i);
        }
        r.consultations.push({ party: e.party, ref, from: e.date, end: null });
        break;
      }

      case 'consultationEnded': {
        const open = r.consultations.filter(
          (c) => c.end === null && (e.ref === undefined || c.ref === e.ref),
        );
        if (open.length === 0) {
          const which = e.ref === undefined ? '' : `编号为“${e.ref}”的`;
          throw new ClockError('INVALID_SEQUENCE', `${at}：没有正在进行的${which}征求意见`, i);
        }
        if (open.length > 1) {
          throw new ClockError(
            'INVALID_SEQUENCE',
            `${at}：有 ${open.length} 个征求意见尚未结束，请用 ref 指明结束的是哪一个`,
            i,
          );
        }
        open[0]!.end = e.date;
        break;
      }

      case 'extended': {
        // 《条例》第三十三条第二款: 经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不得超过20个工作日.
        if (r.extension) {
          throw new ClockError(
            'EXTENSION_REFUSED',
            `${at}：答复期限只能延长一次（《条例》第三十三条第二款），本案已于 ${r.extension.date} 延长 ${r.extension.workdays} 个工作日`,
            i,
          );
        }
        if (!Number.isInteger(e.workdays) || e.workdays < 1 || e.workdays > regime.maxExtension) {
          throw new ClockError(
            'EXTENSION_REFUSED',
            `${at}：延长的期限应为 1 至 ${regime.maxExtension} 个工作日（${regime.basis}：最长不得超过${regime.maxExtension}个工作日），收到 ${String(e.workdays)}`,
            i,
          );
        }
        if (typeof e.approver !== 'string' || e.approver.trim() === '') {
          throw new ClockError(
            'EXTENSION_REFUSED',
            `${at}：延长答复期限须经政府信息公开工作机构负责人同意（《条例》第三十三条第二款），请填写批准人`,
            i,
          );
        }
        if (awaitingCorrection()) {
          throw new ClockError('INVALID_SEQUENCE', `${at}：等待补正期间答复期限尚未起算，不能延长`, i);
        }
        r.extension = { date: e.date, workdays: e.workdays, approver: e.approver.trim() };
        break;
      }

      case 'feeNotified':
        // 《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）applies from 2021-01-01; no fee before it.
        if (e.date < FEE_RULES_FROM) {
          throw new ClockError(
            'INVALID_EVENT',
            `${at}：信息处理费自 ${FEE_RULES_FROM} 起收取（国办函〔2020〕109号），此前不能发出收费通知`,
            i,
          );
        }
        if (r.fee) {
          throw new ClockError('INVALID_SEQUENCE', `${at}：本案已于 ${r.fee.notified} 发出收费通知`, i);
        }
        if (e.receivedOn !== undefined && (!isIsoDate(e.receivedOn) || e.receivedOn < e.date)) {
          throw new ClockError(
            'INVALID_EVENT',
            `${at}：申请人收到收费通知的日期“${String(e.receivedOn)}”应为不早于发出日的日期`,
            i,
          );
        }
        if (e.amount !== undefined && !(Number.isFinite(e.amount) && e.amount >= 0)) {
          throw new ClockError('INVALID_EVENT', `${at}：收费金额应为非负数，收到 ${String(e.amount)}`, i);
        }
        {
          // 国办函〔2020〕109号: 自收到收费通知次日起20个工作日内缴纳.
          const receivedOn = e.receivedOn ?? e.date;
          const due = track.take(addWorkdays(receivedOn, P.feePayment.workdays, cal));
          r.fee = { notified: e.date, receivedOn, due: due.date, dueMissing: due.missingYears, paid: null };
        }
        break;

      case 'feePaid':
        if (!r.fee) throw new ClockError('INVALID_SEQUENCE', `${at}：本案没有发出收费通知`, i);
        if (r.fee.paid) throw new ClockError('INVALID_SEQUENCE', `${at}：已于 ${r.fee.paid} 缴费`, i);
        if (e.date < r.fee.receivedOn) {
          throw new ClockError(
            'OUT_OF_ORDER',
            `${at}：缴费日期早于申请人收到收费通知的日期 ${r.fee.receivedOn}`,
            i,
          );
        }
        {
          if (e.date > r.fee.due) {
            warnings.push(
              `申请人于 ${e.date} 缴费，晚于缴费期限 ${r.fee.due}（收到收费通知次日起20个工作日，国办函〔2020〕109号）`,
            );
          }
        }
        r.fee.paid = e.date;
        break;

      case 'withdrawn':
        r.closure = { on: e.date, reason: 'withdrawn', onTheSpot: false, abandonedFor: null };
        break;

      case 'abandoned': {
        if (e.reason === 'correction') {
          if (!awaitingCorrection()) {
            throw new ClockError(
              'INVALID_SEQUENCE',
              `${at}：本案不在等待补正状态，不能以逾期不补正视为放弃`,
              i,
            );
          }
          // 《条例》第三十条: 视为放弃 only after a reasonable period, set by the agency, has run out without
          // correction; with no period set there is nothing that could have run out.
          if (!r.correctionDue) {
            throw new ClockError(
              'INVALID_SEQUENCE',
              `${at}：补正告知没有确定补正期限，不能以逾期不补正视为放弃申请（《条例》第三十条：在合理期限内补正）`,
              i,
            );
          }
          if (e.date <= r.correctionDue) {
            throw new ClockError(
              'INVALID_SEQUENCE',
              `${at}：补正期限（${r.correctionDue}）尚未届满，不能视为放弃申请（《条例》第三十条）`,
              i,
            );
          }
        } else if (e.reason === 'fee') {
          if (!r.fee || r.fee.paid) {
            throw new ClockError(
              'INVALID_SEQUENCE',
              `${at}：本案没有待缴的信息处理费，不能以逾期未缴费视为放弃`,
              i,
            );
          }
          if (e.date <= r.fee.due) {
            throw new ClockError(
              'INVALID_SEQUENCE',
              `${at}：缴费期限（${r.fee.due}）尚未届满，不能视为放弃申请（国办函〔2020〕109号）`,
              i,
            );
          }
        } else {
          throw new ClockError(
            'INVALID_EVENT',
            `${at}：放弃原因“${String(e.reason)}”无法识别（应为 correction 或 fee）`,
            i,
          );
        }
        r.closure = { on: e.date, reason: 'abandoned', onTheSpot: false, abandonedFor: e.reason };
        break;
      }

      case 'replied':
        // 《条例》第三十三条第一款: 能够当场答复的，应当当场予以答复.
        if (e.onTheSpot && e.date !== r.receivedOn) {
          throw new ClockError('INVALID_EVENT', `${at}：当场答复应与收到申请（${r.receivedOn}）在同一天`, i);
        }
        r.closure = { on: e.date, reason: 'replied', onTheSpot: e.onTheSpot === true, abandonedFor: null };
        break;
    }
  }
  return r;
}

/**
 * Replays a case's events and returns its deadlines and state.
 *
 * - Reply period: 20 working days from receipt, or from receipt of the 补正 (《条例》第三十条、第三十三条), plus an
 *   extension of at most 20 (第三十三条第二款). The receipt day is not counted unless `countReceiptDay`.
 * - Consultations (第三十二、三十四条) and, with `feePausesClock`, the fee period exclude the working days d with
 *   start < d ≤ end from the reply period (第三十三条第三款: 征求意见所需时间不计算在前款规定的期限内).
 * - `today` (optional) drives `remainingWorkdays`, `dueSoon`, `overdue`, `lapsed` and where an open pause ends.
 *
 * Throws ClockError (Chinese message, index of the event) for impossible or out-of-order histories, and — with
 * `strictCalendar` — CalendarError('MISSING_CALENDAR_YEAR') when a date depends on a year the calendar lacks.
 */
export function computeClock(
  events: readonly ClockEvent[],
  calendar: CalendarData,
  settings: Partial<ClockSettings> = {},
  today?: IsoDate,
): ClockResult {
  const s: ClockSettings = { ...DEFAULT_CLOCK_SETTINGS, ...settings };
  if (!Number.isInteger(s.dueSoonWorkdays) || s.dueSoonWorkdays < 0) {
    throw new ClockError(
      'INVALID_EVENT',
      `设置 dueSoonWorkdays 应为非负整数，收到 ${String(s.dueSoonWorkdays)}`,
    );
  }
  validate(events, today);
  const warnings: string[] = [];
  const track = new Tracker();
  const r = replay(events, calendar, s, track, warnings);
  const asOf = r.closure?.on ?? today ?? r.lastDate;
  const countStartDay = s.countReceiptDay;

  const feePaymentDue = r.fee?.due ?? null;

  // Pauses. An open one runs until "today" (or the closing day); a consultation at most until its reply is due.
  const pauses: Omit<ClockPause, 'excludedWorkdays'>[] = [];
  for (const c of r.consultations) {
    const reply = track.take(addWorkdays(c.from, P.consultationReply.workdays, calendar));
    const replyDue = reply.date;
    let until = c.end ?? asOf;
    let open = c.end === null && r.closure === null;
    if (s.capConsultation && until > replyDue) {
      until = replyDue;
      open = false;
      if (c.end === null || c.end > replyDue) {
        warnings.push(
          `${PARTY_LABELS[c.party]}截至 ${replyDue} 仍未提出意见（应自收到征求意见书之日起15个工作日内，《条例》第三十二条、第三十四条），不计入答复期限的时间按15个工作日计`,
        );
      }
    }
    pauses.push({
      reason: 'consultation',
      party: c.party,
      ref: c.ref,
      from: c.from,
      until,
      open,
      replyDue,
      replyDueMissingYears: reply.missingYears,
    });
  }
  if (r.fee && s.feePausesClock) {
    const open = r.fee.paid === null && r.closure === null;
    pauses.push({
      reason: 'fee',
      party: null,
      ref: null,
      from: r.fee.notified,
      until: r.fee.paid ?? asOf,
      open,
      replyDue: null,
      replyDueMissingYears: [],
    });
  }
  const excluded = (d: IsoDate) => pauses.some((p) => p.from < d && d <= p.until);

  // 《条例》第三十条: 答复期限自行政机关收到补正的申请之日起计算 — the period starts afresh.
  const awaitingCorrection = r.correctionRequested !== null && r.correctionReceived === null;
  const clockStart = r.correctionRequested ? r.correctionReceived : r.receivedOn;
  let dueDateBeforeExtension: IsoDate | null = null;
  let dueDate: IsoDate | null = null;
  // Each date is 暂定 on its own window only: a pay-by date in a year without a notice says nothing about a reply
  // due date that falls in a year whose notice is loaded.
  const dated: Partial<Record<ClockDateKey, readonly number[]>> = {
    correctionNoticeDue: r.correctionNoticeMissing,
    feePaymentDue: r.fee?.dueMissing ?? [],
  };
  if (clockStart) {
    const due = (n: number): WorkdaysResult =>
      track.take(addWorkdays(clockStart, n, calendar, { countStartDay, exclude: excluded }));
    const before = due(r.regime.reply);
    // 《条例》第三十三条第二款: the extended date is its own, longer window — provisional if that reaches a missing year.
    const after = r.extension ? due(r.regime.reply + r.extension.workdays) : before;
    dueDateBeforeExtension = before.date;
    dueDate = after.date;
    dated.dueDateBeforeExtension = before.missingYears;
    dated.dueDate = after.missingYears;
    if (r.extension && r.extension.date > dueDateBeforeExtension) {
      warnings.push(
        `延期告知（${r.extension.date}）晚于原答复期限 ${dueDateBeforeExtension}：应在期限届满前经负责人同意并告知申请人（《条例》第三十三条第二款）`,
      );
    }
    if (r.fee && r.fee.notified > dueDate) {
      warnings.push(`收费通知（${r.fee.notified}）晚于答复期限 ${dueDate}：收费通知应在答复期限内发出`);
    }
  }

  const pauseList: ClockPause[] = pauses.map((p) => {
    const from = clockStart ? max(p.from, clockStart) : p.from;
    return { ...p, excludedWorkdays: track.take(countWorkdays(from, max(from, p.until), calendar)).count };
  });
  let pausedWorkdays = 0;
  if (clockStart && pauses.length > 0) {
    const end = pauses.map((p) => p.until).reduce(max);
    if (end > clockStart) {
      pausedWorkdays =
        track.take(countWorkdays(clockStart, end, calendar)).count -
        track.take(countWorkdays(clockStart, end, calendar, excluded)).count;
    }
  }

  const feePending = r.fee !== null && r.fee.paid === null;
  const status: ClockStatus = r.closure
    ? 'closed'
    : awaitingCorrection
      ? 'awaitingCorrection'
      : feePending
        ? 'awaitingFee'
        : pauseList.some((p) => p.open)
          ? 'paused'
          : 'open';

  let remainingWorkdays: number | null = null;
  let dueSoon: boolean | null = null;
  let overdue: boolean | null = null;
  let lapsed: ClockResult['lapsed'] = null;
  if (r.closure) {
    overdue = dueDate !== null && r.closure.on > dueDate;
    dueSoon = false;
  } else if (today !== undefined) {
    if (dueDate === null) {
      overdue = false;
      dueSoon = false;
    } else {
      overdue = today > dueDate;
      remainingWorkdays = overdue ? 0 : track.take(countWorkdays(today, dueDate, calendar, excluded)).count;
      dueSoon = !overdue && remainingWorkdays <= s.dueSoonWorkdays;
    }
    if (awaitingCorrection && r.correctionDue && today > r.correctionDue) lapsed = 'correction';
    else if (feePending && feePaymentDue && today > feePaymentDue) lapsed = 'fee';
  }

  const missingYears = [...track.missing].sort((a, b) => a - b);
  if (s.strictCalendar && missingYears.length > 0) {
    throw new CalendarError(
      'MISSING_CALENDAR_YEAR',
      `本案期限涉及 ${missingYears.map((y) => `${y} 年`).join('、')}，日历中尚无该年国务院办公厅节假日安排，不能确定期限；请先录入该年的放假通知`,
      { missingYears },
    );
  }

  return {
    status,
    receivedOn: r.receivedOn,
    channel: r.channel,
    clockStart,
    dueDate,
    dueDateBeforeExtension,
    correctionNoticeDue: r.correctionNoticeDue,
    correctionDue: r.correctionDue,
    feePaymentDue,
    extension: r.extension,
    pauses: pauseList,
    pausedWorkdays,
    closure: r.closure,
    remainingWorkdays,
    dueSoon,
    overdue,
    lapsed,
    warnings,
    provisional: missingYears.length > 0,
    missingYears,
    provisionalDates: Object.fromEntries(
      Object.entries(dated).filter(([, ys]) => ys && ys.length > 0),
    ) as ProvisionalDates,
    calendarVersion: calendar.version,
  };
}
