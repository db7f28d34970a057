// Sample case data for every kind of letter: what the administrator's template editor previews with, and what the
// tests render. The dates are those the clock gives on the national calendar (checked in sample.test.ts); the fee
// is feeByPages(68).
import { feeByPages } from '../domain/fees/index.ts';
import type { LetterData } from './data.ts';
import { type LetterKind, outcomeOfKind } from './kinds.ts';
import type { OutcomeRow } from './outcomes.ts';

const BASE: LetterData = {
  agency: {
    name: '某市某区人民政府',
    office: '某市某区人民政府办公室',
    address: '某市某区人民路1号',
    phone: '010-12345678',
  },
  applicant: { name: '张三', type: 'naturalPerson' },
  case: {
    trackingCode: 'YSQ-2024-0012',
    receivedOn: '2024-03-01',
    channel: 'online',
    description: '2023年某区老旧小区改造项目的立项批复文件',
  },
  docNumber: '某区政信复〔2024〕第12号',
  dates: { issued: '2024-03-22', due: '2024-03-29' },
  reviewBody: '某市人民政府',
  court: '某市某区人民法院',
};

const OUTCOME_SAMPLES: Record<OutcomeRow, NonNullable<LetterData['outcome']>> = {
  granted: { row: 'granted', provision: '随本答复书附送该文件复印件一份（共3页）' },
  partiallyGranted: {
    row: 'partiallyGranted',
    partial: { disclosed: '立项批复文件正文', withheld: '文件附件中的个人身份信息' },
    reasons: '该部分涉及个人隐私，公开会对第三方合法权益造成损害',
    provision: '随本答复书附送',
  },
  'withheld.stateSecret': { row: 'withheld.stateSecret', reasons: '该文件已依法定密，密级为秘密' },
  'withheld.prohibitedByLaw': {
    row: 'withheld.prohibitedByLaw',
    law: '《中华人民共和国统计法》',
    reasons: '所申请信息为能够识别单个统计调查对象的统计资料',
  },
  'withheld.securityStability': {
    row: 'withheld.securityStability',
    reasons: '所申请信息涉及重要基础设施的具体布防情况',
  },
  'withheld.thirdPartyRights': {
    row: 'withheld.thirdPartyRights',
    reasons: '所申请信息包含施工企业的商业秘密，经书面征求意见，该企业不同意公开且理由合理',
  },
  'withheld.internalAffairs': {
    row: 'withheld.internalAffairs',
    reasons: '所申请信息为本机关内部人事管理信息',
  },
  'withheld.deliberative': {
    row: 'withheld.deliberative',
    reasons: '所申请信息为项目论证过程中的会议讨论记录',
  },
  'withheld.enforcementFiles': {
    row: 'withheld.enforcementFiles',
    reasons: '所申请信息为行政处罚案件的执法案卷',
  },
  'withheld.inquiryMatters': {
    row: 'withheld.inquiryMatters',
    law: '《不动产登记暂行条例》',
    channel: '某区不动产登记中心（某区建设路8号）',
  },
  'unavailable.notHeld': { row: 'unavailable.notHeld' },
  'unavailable.needsCreation': {
    row: 'unavailable.needsCreation',
    reasons: '需对多个年度的项目资料进行汇总、统计',
  },
  'unavailable.unclearAfterCorrection': { row: 'unavailable.unclearAfterCorrection' },
  'declined.complaint': { row: 'declined.complaint', channel: '某区信访办（12345政务服务便民热线）' },
  'declined.duplicate': {
    row: 'declined.duplicate',
    previousReplyOn: '2024-01-15',
    previousReplyNumber: '某区政信复〔2024〕第3号',
  },
  'declined.publication': {
    row: 'declined.publication',
    channel: '《某区人民政府公报》2023年第6期，可在区图书馆查阅',
  },
  'declined.excessive': {
    row: 'declined.excessive',
    reasons: '申请人在一个月内就同类信息提出申请40件，未说明合理理由',
  },
  'declined.confirmation': {
    row: 'declined.confirmation',
    article: '《中华人民共和国政府信息公开条例》第二条',
  },
  'other.noCorrection': { row: 'other.noCorrection' },
  'other.feeUnpaid': { row: 'other.feeUnpaid' },
  'other.other': {
    row: 'other.other',
    article: '《中华人民共和国政府信息公开条例》第四十一条',
    reasons:
      '您提出的是更正与您自身相关的政府信息记录的要求，该记录不属于本机关职能范围，本机关已转送有权更正的某区市场监督管理局处理',
  },
};

const FEE = feeByPages(68);

/** Sample data complete for a letter of `kind` (and only what that kind needs). */
export function sampleLetterData(kind: LetterKind): LetterData {
  const row = outcomeOfKind(kind);
  if (row) {
    const extra: Partial<LetterData> =
      row === 'other.noCorrection' || row === 'unavailable.unclearAfterCorrection'
        ? { correction: { items: ['申请获取的信息名称'], replyBy: '2024-03-15' } }
        : row === 'other.feeUnpaid'
          ? {
              fee: {
                method: FEE.method,
                quantity: FEE.quantity,
                amount: FEE.amount,
                bands: FEE.lines,
                payBy: '2024-04-15',
                payment: '某区财政非税收入代收账户',
              },
              dates: { issued: '2024-04-16' },
            }
          : {};
    return { ...BASE, outcome: OUTCOME_SAMPLES[row], ...extra };
  }
  switch (kind) {
    case 'receipt':
      return { ...BASE, docNumber: undefined, dates: { issued: '2024-03-01', due: '2024-03-29' } };
    case 'correction':
      return {
        ...BASE,
        docNumber: '某区政信补〔2024〕第5号',
        dates: { issued: '2024-03-05' },
        correction: {
          items: [
            '请明确所申请文件的名称、文号或者其他便于查询的特征性描述',
            '请明确所申请信息涉及的小区名称或者项目名称',
          ],
          replyBy: '2024-03-15',
        },
      };
    case 'extension':
      return {
        ...BASE,
        docNumber: '某区政信延〔2024〕第2号',
        dates: { issued: '2024-03-27', due: '2024-03-29' },
        extension: {
          days: 20,
          newDueDate: '2024-04-28',
          approver: '李四',
          reason: '所申请信息涉及多个部门，需要会同核查',
        },
      };
    case 'consultation':
      return {
        ...BASE,
        docNumber: '某区政信征〔2024〕第1号',
        dates: { issued: '2024-03-08' },
        consultation: {
          party: '某某建设工程有限公司',
          replyBy: '2024-03-29',
          content: '某区老旧小区改造项目施工合同',
          reason: '合同中含有贵方的报价明细等经营信息',
        },
      };
    case 'fee':
      return {
        ...BASE,
        docNumber: '某区政信费〔2024〕第1号',
        dates: { issued: '2024-03-15' },
        fee: {
          method: FEE.method,
          quantity: FEE.quantity,
          amount: FEE.amount,
          bands: FEE.lines,
          payBy: '2024-04-15',
          payment: '通过某区政务服务网“非税缴费”栏目在线缴纳，或者到某区政务服务中心3号窗口缴纳',
        },
      };
  }
  throw new Error(`unknown letter kind ${kind}`);
}
