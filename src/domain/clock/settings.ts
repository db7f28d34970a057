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

/** 国办函〔2020〕109号 took effect on 2021-01-01: no 信息处理费 notice before that day. */
export const FEE_RULES_FROM = '2021-01-01';

/** The revised 《条例》 (国务院令第711号) took effect on 2019-05-15. */
export const TIAOLI_2019_FROM = '2019-05-15';

/**
 * The reply periods that govern an application, by the day it was received: the 2019 《条例》 (20 + at most 20
 * working days, 第三十三条第二款) from 2019-05-15; before that the 2007 《条例》 (国务院令第492号) 第二十四条:
 * 15 working days, extensible by at most 15.
 */
export function periodsFor(receivedOn: string): {
  readonly old: boolean;
  readonly reply: number;
  readonly maxExtension: number;
  readonly basis: string;
  readonly note: string;
} {
  if (receivedOn >= TIAOLI_2019_FROM)
    return {
      old: false,
      reply: STATUTORY_PERIODS.reply.workdays,
      maxExtension: STATUTORY_PERIODS.maxExtension.workdays,
      basis: '《条例》第三十三条第二款',
      note: '',
    };
  return {
    old: true,
    reply: 15,
    maxExtension: 15,
    basis: '2007年《条例》第二十四条',
    note: `本案于 ${receivedOn} 收到，早于修订后的《条例》施行日 ${TIAOLI_2019_FROM}，按2007年《条例》第二十四条计算：15个工作日内答复，延长最长不超过15个工作日`,
  };
}

export interface ClockSettings {
  /** Count the day of receipt as day 1 of the reply and 补正告知 periods. Default false: the 《条例》 does not say;
   *  the usual reading (民法典第二百零一条: 开始的当日不计入) starts on the next day. Agencies differ. */
  readonly countReceiptDay: boolean;
  /**
   * Whether the reply period stops between the fee notice and payment. Default true. [UNCERTAIN] Commonly assumed
   * and reportedly in 国办函〔2020〕109号, but the article text has not been verified (shared/domain/02).
   * Searched again on 2026-12-06 (session 9): every stored reprint of the 办法 (e.g.
   * http://www.by6872.com/rdxrmzf/xjxxgkzd/content/f3326c8a-f853-4e97-abda-ee7eddc2ef38.html,
   * http://lanlitx.com/zcwj/gwywj/202012/t20201201_810768.shtml, the 国家中医药管理局 reprint
   * http://www.weidengchike.com/zhengcewenjian/zhengfuxinxigongkai/2022-06-24/26826.html) is cut off in 第五条;
   * no article after it was found. What the secondary sources say of the fee period — 法治日报 2020-12-02
   * (https://pf.rednet.cn/content/2020/12/02/8666854.html) and 四川省财政厅、发展改革委 2021-01-18 item 二
   * (mirror http://m.tube444.com/xxgk-show-18175.html) — is only: the notice goes out “在政府信息公开申请处理期限内”,
   * the applicant pays “在收到收费通知次日起20个工作日内”, else “视为放弃申请”. Neither says the reply period stops
   * or runs afresh. So the default is left as it was, not re-based; an agency whose rule differs sets it to false.
   */
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
