// The statutory periods as data, and the per-agency settings for readings the sources leave open.

/** Periods fixed by law, in working days, each with its basis. */
export const STATUTORY_PERIODS = {
  /** 《条例》第三十三条第二款: 自收到申请之日起20个工作日内予以答复. */
  reply: { workdays: 20, basis: '《条例》第三十三条第二款' },
  /** 《条例》第三十三条第二款: 延长的期限最长不得超过20个工作日. */
  maxExtension: { workdays: 20, basis: '《条例》第三十三条第二款' },
  /** 《条例》第三十条: 自收到申请之日起7个工作日内一次性告知申请人作出补正. */
  correctionNotice: { workdays: 7, basis: '《条例》第三十条' },
  /** 《条例》第三十二条、第三十四条: 自收到征求意见书之日起15个工作日内提出意见. */
  consultationReply: { workdays: 15, basis: '《条例》第三十二条、第三十四条' },
  /** 国办函〔2020〕109号: 自收到收费通知次日起20个工作日内缴纳. */
  feePayment: { workdays: 20, basis: '《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）' },
} as const;

export interface ClockSettings {
  /** Count the day of receipt as day 1 of the reply and 补正告知 periods. Default false: the 《条例》 does not say;
   *  the usual reading (民法典第二百零一条: 开始的当日不计入) starts on the next day. Agencies differ. */
  readonly countReceiptDay: boolean;
  /** Whether the reply period stops between the fee notice and payment. Default true. [UNCERTAIN] Commonly assumed
   *  and reportedly in 国办函〔2020〕109号, but the article text has not been verified (shared/domain/02). */
  readonly feePausesClock: boolean;
  /** `dueSoon` when at most this many working days are left. Default 3. */
  readonly dueSoonWorkdays: number;
  /** An unanswered consultation stops excluding time once its 15-working-day reply period has run
   *  (第三十二条: 逾期未提出意见的由行政机关决定; 第三十四条: 逾期视为同意). Default true. [DERIVED] */
  readonly capConsultation: boolean;
  /** Throw CalendarError('MISSING_CALENDAR_YEAR') instead of returning provisional dates. Default false. */
  readonly strictCalendar: boolean;
}

export const DEFAULT_CLOCK_SETTINGS: ClockSettings = Object.freeze({
  countReceiptDay: false,
  feePausesClock: true,
  dueSoonWorkdays: 3,
  capConsultation: true,
  strictCalendar: false,
});
