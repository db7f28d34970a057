// The events of an 依申请公开 case that move its statutory clock. Each is date-stamped ('YYYY-MM-DD'); the caller
// decides the date (e.g. the confirmation date for online applications) and the clock records the channel.
import type { IsoDate } from '../calendar/index.ts';

/** How the application arrived. Determines which date is the 收到申请之日 (《条例》第三十一条). */
export type ReceiptChannel =
  /** 当面提交: the day handed in. */
  | 'inPerson'
  /** 邮寄、需签收 (挂号信、EMS、快递): the day the agency signed for it. */
  | 'registeredMail'
  /** 平常信函等无需签收: the day the 工作机构 confirmed with the applicant. */
  | 'ordinaryMail'
  /** 互联网渠道 (网上平台): the day both sides confirmed. */
  | 'online'
  /** 电子邮件 — an internet channel (数据电文, 第二十九条): the day both sides confirmed. */
  | 'email'
  /** 工作机构的传真: the day both sides confirmed. */
  | 'fax';

export type ConsultedParty =
  /** 第三方 whose lawful rights disclosure may harm (《条例》第三十二条). */
  | 'thirdParty'
  /** 共同制作的其他行政机关 (《条例》第三十四条). */
  | 'otherAgency';

export type ClockEvent =
  /** The application was received; `date` is the 收到申请之日 for `channel`. */
  | { readonly type: 'received'; readonly date: IsoDate; readonly channel: ReceiptChannel }
  /** 补正告知 issued (《条例》第三十条); `correctionDue` is the 合理的补正期限 the notice sets, if any. */
  | { readonly type: 'correctionRequested'; readonly date: IsoDate; readonly correctionDue?: IsoDate | null }
  /** The corrected application was received: the reply period starts again from this date. */
  | { readonly type: 'correctionReceived'; readonly date: IsoDate }
  /** A 征求意见书 was served (its receipt date by the consulted party). `ref` tells parallel consultations apart. */
  | {
      readonly type: 'consultationStarted';
      readonly date: IsoDate;
      readonly party: ConsultedParty;
      readonly ref?: string;
    }
  /** The consulted party's opinion arrived (or the agency closed the consultation). */
  | { readonly type: 'consultationEnded'; readonly date: IsoDate; readonly ref?: string }
  /** 延长答复期限: at most once, at most 20 working days, approved by the 工作机构负责人 (第三十三条第二款). */
  | {
      readonly type: 'extended';
      readonly date: IsoDate;
      readonly workdays: number;
      readonly approver: string;
    }
  /** 收费通知 issued on `date`; `receivedOn` = the day the applicant received it (defaults to `date`). */
  | {
      readonly type: 'feeNotified';
      readonly date: IsoDate;
      readonly receivedOn?: IsoDate;
      readonly amount?: number;
    }
  | { readonly type: 'feePaid'; readonly date: IsoDate }
  /** The applicant withdrew the application. */
  | { readonly type: 'withdrawn'; readonly date: IsoDate }
  /** 视为放弃申请: no correction (第三十条) or no payment (国办函〔2020〕109号) within the period. */
  | { readonly type: 'abandoned'; readonly date: IsoDate; readonly reason: 'correction' | 'fee' }
  /** 答复 sent; `onTheSpot` = 当场答复 (第三十三条第一款), which must be on the day of receipt. */
  | { readonly type: 'replied'; readonly date: IsoDate; readonly onTheSpot?: boolean };

export type ClockEventType = ClockEvent['type'];

/** Chinese names of the events, for messages and UIs. */
export const EVENT_LABELS: Readonly<Record<ClockEventType, string>> = {
  received: '收到申请',
  correctionRequested: '告知补正',
  correctionReceived: '收到补正',
  consultationStarted: '征求意见',
  consultationEnded: '征求意见结束',
  extended: '延长答复期限',
  feeNotified: '发出收费通知',
  feePaid: '缴纳信息处理费',
  withdrawn: '申请人撤回申请',
  abandoned: '视为放弃申请',
  replied: '答复',
};

/** The receipt-date rule of each channel, as data (《条例》第三十一条). */
export const RECEIPT_CHANNELS: Readonly<
  Record<ReceiptChannel, { readonly label: string; readonly rule: string }>
> = {
  inPerson: { label: '当面提交', rule: '以提交之日为收到申请之日（《条例》第三十一条第一项）' },
  registeredMail: {
    label: '邮寄（需签收）',
    rule: '以行政机关签收之日为收到申请之日（《条例》第三十一条第二项）',
  },
  ordinaryMail: {
    label: '平常信函',
    rule: '工作机构于收到当日与申请人确认，以确认之日为收到申请之日（《条例》第三十一条第二项）',
  },
  online: { label: '互联网渠道', rule: '以双方确认之日为收到申请之日（《条例》第三十一条第三项）' },
  email: {
    label: '电子邮件',
    rule: '属互联网渠道，以双方确认之日为收到申请之日（《条例》第三十一条第三项）',
  },
  fax: { label: '传真', rule: '以双方确认之日为收到申请之日（《条例》第三十一条第三项）' },
};

export const PARTY_LABELS: Readonly<Record<ConsultedParty, string>> = {
  thirdParty: '第三方',
  otherAgency: '其他机关',
};
