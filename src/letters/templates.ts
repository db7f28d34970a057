// The default letters, as data. Each template is a record an administrator can copy, edit and store (as JSON,
// checked by validateTemplate); the wording below is the project's default, written from the articles of
// 《中华人民共和国政府信息公开条例》(2019) quoted in ../shared/domain/sources/tiaoli-2019-procedural-articles.md.
// The template language is in template-language.ts; the placeholders are listed in placeholders.ts.
import { type LetterKind, NOTICE_KINDS, type NoticeKind, replyKind } from './kinds.ts';
import { OUTCOME_ROWS, OUTCOMES, type OutcomeRow } from './outcomes.ts';

export interface LetterTemplate {
  readonly kind: LetterKind;
  /** The letter's name, printed under the agency's name: "政府信息公开申请答复书". */
  readonly title: string;
  /** Whom the letter is to (主送), printed flush left; "{{applicant.name}}：" when omitted. */
  readonly addressee?: string;
  /** Body paragraphs, each printed with a two-character first-line indent. */
  readonly paragraphs: readonly string[];
  /** The legal basis of the letter, for the administrator's view (the paragraphs cite it themselves). */
  readonly basis: string;
}

const TIAOLI = '《中华人民共和国政府信息公开条例》';
const YOU = '{{applicant.you}}';

/** How the application is referred to in every letter to the applicant. */
const RECEIVED = `本机关于{{dates.received}}收到${YOU}提交的政府信息公开申请（查询码：{{case.trackingCode}}），申请获取“{{case.description}}”。`;

/**
 * The remedies every 答复书 states: 行政复议 within 60 days (《中华人民共和国行政复议法》, 2023 revision 第二十条 —
 * the article number is not in ../shared, so the text names the statute only) and 行政诉讼 within 6 months
 * (《中华人民共和国行政诉讼法》第四十六条). Stating them is not a formality: when the letter omits the time limit
 * for suing, it runs from when the applicant learns of it, up to one year (法释〔2018〕1号 第六十四条).
 * The 复议机关 and the court are named when the agency's settings give them.
 */
const REMEDIES =
  `${YOU}如对本答复不服，可以自收到本答复之日起60日内依照《中华人民共和国行政复议法》` +
  '{{#if reviewBody}}向{{reviewBody}}{{/if}}申请行政复议，或者自收到本答复之日起6个月内依照' +
  '《中华人民共和国行政诉讼法》第四十六条{{#if court}}向{{court}}{{else}}向有管辖权的人民法院{{/if}}提起行政诉讼。';

/** The paragraphs particular to each outcome, between the opening and the remedies. */
const REPLY_BODIES: Record<OutcomeRow, readonly string[]> = {
  granted: [
    `{{#if outcome.publishedAt}}经审查，${YOU}申请获取的政府信息本机关已经主动公开，可以通过{{outcome.publishedAt}}获取。` +
      `依照{{outcome.article}}的规定，特此告知获取该政府信息的方式和途径。` +
      `{{else}}经审查，${YOU}申请获取的政府信息属于可以公开的政府信息。依照{{outcome.article}}的规定，` +
      `本机关予以公开，提供方式：{{outcome.provision}}。{{/if}}`,
  ],
  partiallyGranted: [
    `经审查，${YOU}申请获取的信息中含有不应当公开或者不属于政府信息的内容，但是能够作区分处理。` +
      `依照{{outcome.article}}的规定，本机关向${YOU}提供可以公开的内容：{{outcome.partial.disclosed}}` +
      `{{#if outcome.provision}}（提供方式：{{outcome.provision}}）{{/if}}。`,
    '对{{outcome.partial.withheld}}不予公开，理由如下：{{outcome.reasons}}。',
  ],
  'withheld.stateSecret': [
    `经审查，${YOU}申请获取的信息属于依法确定为国家秘密的政府信息，理由如下：{{outcome.reasons}}。` +
      '依照{{outcome.article}}的规定，本机关决定不予公开。',
  ],
  'withheld.prohibitedByLaw': [
    `经审查，${YOU}申请获取的信息属于{{#if outcome.law}}{{outcome.law}}{{else}}法律、行政法规{{/if}}` +
      '禁止公开的政府信息，理由如下：{{outcome.reasons}}。依照{{outcome.article}}的规定，本机关决定不予公开。',
  ],
  'withheld.securityStability': [
    `经审查，${YOU}申请获取的信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，理由如下：` +
      '{{outcome.reasons}}。依照{{outcome.article}}的规定，本机关决定不予公开。',
  ],
  'withheld.thirdPartyRights': [
    `经审查，${YOU}申请获取的信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，理由如下：` +
      '{{outcome.reasons}}。依照{{outcome.article}}的规定，本机关决定不予公开。',
  ],
  'withheld.internalAffairs': [
    `经审查，${YOU}申请获取的信息属于行政机关的内部事务信息（人事管理、后勤管理、内部工作流程等方面的信息），` +
      '理由如下：{{outcome.reasons}}。依照{{outcome.article}}的规定，本机关决定不予公开。',
  ],
  'withheld.deliberative': [
    `经审查，${YOU}申请获取的信息属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、` +
      '请示报告等过程性信息，理由如下：{{outcome.reasons}}。依照{{outcome.article}}的规定，本机关决定不予公开。',
  ],
  'withheld.enforcementFiles': [
    `经审查，${YOU}申请获取的信息属于行政执法案卷信息，理由如下：{{outcome.reasons}}。` +
      '依照{{outcome.article}}的规定，本机关决定不予公开。',
  ],
  'withheld.inquiryMatters': [
    `经审查，${YOU}申请获取的信息属于工商、不动产登记资料等信息，` +
      '{{#if outcome.law}}{{outcome.law}}{{else}}有关法律、行政法规{{/if}}对该信息的获取有特别规定。' +
      `依照{{outcome.article}}的规定，请${YOU}依照有关法律、行政法规的规定办理` +
      '{{#if outcome.channel}}，办理途径：{{outcome.channel}}{{/if}}。',
  ],
  'unavailable.notHeld': [
    `{{#if outcome.notResponsible}}经审查，${YOU}申请获取的信息不属于本机关负责公开的政府信息，理由如下：` +
      '{{outcome.reasons}}。依照{{outcome.article}}的规定，特此告知。' +
      `{{#if outcome.otherAgency.name}}该信息由{{outcome.otherAgency.name}}负责公开` +
      '{{#if outcome.otherAgency.contact}}（联系方式：{{outcome.otherAgency.contact}}）{{/if}}，' +
      `${YOU}可以向该机关提出申请。{{/if}}` +
      `{{else}}经检索，本机关没有${YOU}申请公开的政府信息。依照{{outcome.article}}的规定，` +
      `特此告知${YOU}该政府信息不存在。{{/if}}`,
  ],
  'unavailable.needsCreation': [
    `经审查，本机关没有${YOU}申请获取的现成信息，提供该信息需要本机关对现有政府信息进行加工、分析` +
      '{{#if outcome.reasons}}（{{outcome.reasons}}）{{/if}}。依照{{outcome.article}}的规定，本机关不予提供。',
  ],
  'unavailable.unclearAfterCorrection': [
    `本机关已告知${YOU}对申请内容作出补正。经审查，补正后的申请内容仍不明确` +
      `{{#if outcome.reasons}}（{{outcome.reasons}}）{{/if}}，本机关无法确定${YOU}申请获取的政府信息，无法提供。` +
      `依照{{outcome.article}}的规定，特此告知。${YOU}可以在明确所需信息的名称、文号或者其他特征性描述后重新提出申请。`,
  ],
  'declined.complaint': [
    `经审查，${YOU}是以政府信息公开申请的形式进行信访、投诉、举报等活动。依照{{outcome.article}}的规定，` +
      `本机关不作为政府信息公开申请处理。{{#if outcome.channel}}${YOU}可以通过{{outcome.channel}}提出。{{/if}}`,
  ],
  'declined.duplicate': [
    `本机关已于{{outcome.previousReplyOn}}就${YOU}提出的相同政府信息公开申请作出答复` +
      `{{#if outcome.previousReplyNumber}}（{{outcome.previousReplyNumber}}）{{/if}}。${YOU}本次重复申请公开相同政府信息，` +
      '依照{{outcome.article}}的规定，本机关不予重复处理。',
  ],
  'declined.publication': [
    `经审查，${YOU}要求本机关提供的是政府公报、报刊、书籍等公开出版物。依照{{outcome.article}}的规定，` +
      `{{#if outcome.channel}}现告知获取途径：{{outcome.channel}}。{{else}}${YOU}可以通过公开发行渠道获取。{{/if}}`,
  ],
  'declined.excessive': [
    `${YOU}申请公开政府信息的数量、频次明显超过合理范围，本机关已要求${YOU}说明理由。经审查，本机关认为` +
      `${YOU}的申请理由不合理{{#if outcome.reasons}}（{{outcome.reasons}}）{{/if}}。依照{{outcome.article}}的规定，` +
      '本机关不予处理。',
  ],
  'declined.confirmation': [
    `经审查，${YOU}的申请是要求本机关确认或者重新出具${YOU}已经获取的信息，不属于申请获取政府信息` +
      '{{#if outcome.reasons}}（{{outcome.reasons}}）{{/if}}。依照{{outcome.article}}的规定，' +
      '本机关不作为政府信息公开申请处理。',
  ],
  'other.noCorrection': [
    `本机关已一次性告知${YOU}需要补正的事项和补正期限` +
      `{{#if correction.replyBy}}（{{correction.replyBy}}前）{{/if}}。${YOU}无正当理由逾期未补正，` +
      '依照{{outcome.article}}的规定，视为放弃申请，本机关不再处理该政府信息公开申请。',
  ],
  'other.feeUnpaid': [
    `本机关已向${YOU}发出信息处理费收费通知{{#if fee.amount}}（金额{{fee.amount}}元）{{/if}}` +
      `{{#if fee.payBy}}，缴费期限至{{fee.payBy}}{{/if}}。${YOU}逾期未按收费通知要求缴纳费用，` +
      '依照{{outcome.article}}的规定，视为放弃申请，本机关不再处理该政府信息公开申请。',
  ],
  'other.other': ['经审查，{{outcome.reasons}}。依照{{outcome.article}}的规定，特此答复。'],
};

function replyTemplate(row: OutcomeRow): LetterTemplate {
  const cites = OUTCOMES[row].articles.map((a) => a.cite);
  return {
    kind: replyKind(row),
    title: '政府信息公开申请答复书',
    addressee: '{{applicant.name}}：',
    paragraphs: [RECEIVED, ...REPLY_BODIES[row], REMEDIES, '特此答复。'],
    basis: cites.length ? cites.join('；') : '由经办人填写所依据的条款',
  };
}

const NOTICES: Record<NoticeKind, LetterTemplate> = {
  // 《条例》第三十一条 (the receipt date by channel), 第三十三条 (20 working days; consultation time excluded).
  receipt: {
    kind: 'receipt',
    title: '政府信息公开申请登记回执',
    addressee: '{{applicant.name}}：',
    paragraphs: [
      `本机关已收到${YOU}提交的政府信息公开申请（提交方式：{{case.channel}}），查询码为{{case.trackingCode}}，` +
        '申请获取“{{case.description}}”。',
      `依照${TIAOLI}第三十一条的规定，本机关收到该申请之日为{{dates.received}}。依照该条例第三十三条的规定，` +
        '本机关将自收到申请之日起20个工作日内{{#if dueDate}}（即{{dueDate}}前）{{/if}}作出答复；' +
        `需要延长答复期限的，将另行书面告知${YOU}。依法征求第三方和其他机关意见所需时间，不计算在答复期限内。`,
      `${YOU}可以凭查询码查询办理进度。`,
      '特此回执。',
    ],
    basis: `${TIAOLI}第三十一条、第三十三条`,
  },
  // 《条例》第三十条: 7 working days from receipt, 一次性告知, items and a reasonable period; the reply period runs
  // again from the corrected application; no correction without 正当理由 → 视为放弃申请.
  correction: {
    kind: 'correction',
    title: '政府信息公开申请补正告知书',
    addressee: '{{applicant.name}}：',
    paragraphs: [
      RECEIVED,
      `经审查，${YOU}的申请内容不明确，本机关无法据此确定${YOU}申请获取的政府信息。依照${TIAOLI}` +
        `第二十九条第二款、第三十条的规定，现一次性告知${YOU}需要补正的事项如下：`,
      '{{correction.items}}',
      `请${YOU}于{{correction.replyBy}}前（含当日）向本机关提交补正后的申请。答复期限自本机关收到补正的申请之日起计算。`,
      `${YOU}无正当理由逾期不补正的，视为放弃申请，本机关将不再处理该政府信息公开申请。`,
      '特此告知。',
    ],
    basis: `${TIAOLI}第三十条`,
  },
  // 《条例》第三十三条第二款: approved by the head of the 政府信息公开工作机构, told to the applicant, ≤ 20 working days.
  extension: {
    kind: 'extension',
    title: '政府信息公开申请延期答复告知书',
    addressee: '{{applicant.name}}：',
    paragraphs: [
      RECEIVED,
      '{{#if extension.reason}}因{{extension.reason}}，{{else}}因所申请信息的情况较为复杂，{{/if}}' +
        `本机关不能在{{#if dueDate}}{{dueDate}}前{{else}}法定期限内{{/if}}作出答复。依照${TIAOLI}第三十三条第二款的规定，` +
        '经本机关政府信息公开工作机构负责人同意，答复期限延长{{extension.days}}个工作日，' +
        `本机关将于{{extension.newDueDate}}前作出答复。`,
      '特此告知。',
    ],
    basis: `${TIAOLI}第三十三条第二款`,
  },
  // 《条例》第三十二条 (15 working days to reply; silence → the agency decides; objection with reasons → withheld unless
  // the public interest weighs heavier) and 第三十三条第三款 (the time is not counted). The applicant is not named
  // to the third party: the consultation is about the information, not about who asked [DERIVED].
  consultation: {
    kind: 'consultation',
    title: '政府信息公开第三方意见征求书',
    addressee: '{{consultation.party}}：',
    paragraphs: [
      // No 查询码: it is the applicant's, which would let the third party open the case on /track.
      '本机关于{{dates.received}}收到一份政府信息公开申请，申请公开的信息涉及：{{consultation.content}}。',
      '经审查，本机关认为该信息公开可能损害贵方的合法权益{{#if consultation.reason}}（{{consultation.reason}}）{{/if}}。' +
        `依照${TIAOLI}第三十二条的规定，现书面征求贵方意见。`,
      '请贵方自收到本征求意见书之日起15个工作日内（即{{consultation.replyBy}}前）书面提出是否同意公开的意见；' +
        '不同意公开的，请说明理由并提供相应依据。',
      '贵方逾期未提出意见的，本机关将依照上述条例的规定决定是否公开。贵方不同意公开且有合理理由的，本机关不予公开；' +
        '但本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，并将决定公开的政府信息内容和理由书面告知贵方。',
      '特此征求意见。',
    ],
    basis: `${TIAOLI}第三十二条、第三十三条第三款`,
  },
  // 《条例》第四十二条; 国办函〔2020〕109号: the notice states 依据、标准、数额、缴纳方式; 20 working days from the day
  // after receipt; not paid → 视为放弃申请. [UNCERTAIN] Whether the fee period stops the reply clock is not
  // confirmed (../shared/domain/02-information-processing-fee.md), so the default text does not say it.
  fee: {
    kind: 'fee',
    title: '政府信息公开信息处理费收费通知书',
    addressee: '{{applicant.name}}：',
    paragraphs: [
      RECEIVED,
      `${YOU}申请公开政府信息的数量、频次明显超过合理范围。依照${TIAOLI}第四十二条和` +
        '《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，本机关决定对该申请{{fee.method}}' +
        '信息处理费，计费数量为{{fee.quantity}}。收费标准和金额如下：',
      '{{fee.bands}}',
      '以上合计应缴纳信息处理费人民币{{fee.amount}}元（大写：{{fee.amountUpper}}）。',
      `请${YOU}自收到本通知次日起20个工作日内（即{{fee.payBy}}前）缴纳。缴纳方式：{{fee.payment}}。`,
      `${YOU}逾期未缴纳的，视为放弃申请，本机关将不再处理该政府信息公开申请。`,
      '特此通知。',
    ],
    basis: `${TIAOLI}第四十二条；《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）`,
  },
};

function freeze(t: LetterTemplate): LetterTemplate {
  return Object.freeze({ ...t, paragraphs: Object.freeze([...t.paragraphs]) });
}

export const DEFAULT_TEMPLATES: Readonly<Record<LetterKind, LetterTemplate>> = Object.freeze(
  Object.fromEntries([
    ...NOTICE_KINDS.map((k) => [k, freeze(NOTICES[k])] as const),
    ...OUTCOME_ROWS.map((row) => [replyKind(row), freeze(replyTemplate(row))] as const),
  ]) as Record<LetterKind, LetterTemplate>,
);

export function defaultTemplate(kind: LetterKind): LetterTemplate {
  return DEFAULT_TEMPLATES[kind];
}

/** The addressee line of a template, with the default for letters that have none. */
export function addresseeOf(t: LetterTemplate): string {
  if (t.addressee !== undefined) return t.addressee;
  return t.kind === 'consultation' ? '{{consultation.party}}：' : '{{applicant.name}}：';
}
