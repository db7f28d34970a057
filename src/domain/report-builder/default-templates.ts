// The default text of the six sections, per layout. Every number is a placeholder, so the text is re-rendered with
// live figures on each build; what only a person can write (problems, improvements, other matters) is a prompt in
// 【】 that the builder reports until someone replaces it. The wording keeps each count next to its keyword and
// each list in a paragraph of its own, so the narrative checks (src/domain/rules/narrative.ts) read it as meant.
// The sentences quote the year's own names — the items, documents, consultations, the busiest matter — so that a new
// year's default text is not last year's with the numbers changed (the copy check folds digits: cross-year.ts).
import type { FormatVersion, SectionKey } from '../report/layout.ts';

export type SectionTemplates = Readonly<Record<SectionKey, string>>;

const PROACTIVE_2021 = [
  '本年制发规章{{t2.regulations.issued}}件、行政规范性文件{{t2.normativeDocuments.issued}}件，废止行政规范性文件{{t2.normativeDocuments.repealed}}件，年末现行有效行政规范性文件{{t2.normativeDocuments.inForce}}件{{normative.named}}。',
  '本年作出行政许可决定{{t2.licensing.decisions}}件、行政处罚决定{{t2.penalty.decisions}}件、行政强制决定{{t2.coercion.decisions}}件。',
];

const PROACTIVE_2019 = [
  '本年新制作规范性文件{{t2.normativeDocuments.made}}件、新公开{{t2.normativeDocuments.published}}件，现已对外公开规范性文件{{t2.normativeDocuments.total}}件{{normative.named}}。',
  '本年作出行政许可处理决定{{t2.licensing.decisions}}件、行政处罚处理决定{{t2.penalty.decisions}}件、行政强制处理决定{{t2.coercion.decisions}}件。',
];

function overview(format: FormatVersion): string {
  return [
    '（一）主动公开',
    '{{year}}年，{{publishing.summary}}。',
    ...(format === '2021' ? PROACTIVE_2021 : PROACTIVE_2019),
    '{{consultation.summary}}。',
    '（二）依申请公开',
    '本年度新收政府信息公开申请{{t3.received.total}}件，上年结转{{t3.carriedOver.total}}件；办结{{t3.total.total}}件，结转下年度继续办理{{t3.carriedForward.total}}件。',
    '（三）政府信息管理',
    '本机关按照政务公开标准目录管理主动公开事项，目录现有事项{{catalogue.matters}}项{{catalogue.topMatter}}，主动公开信息严格执行工作人员审核、保密审查、主管领导审批程序。',
    '（四）平台建设',
    '{{publishing.channelSummary}}。',
    '（五）监督保障',
    '本年度组织政府信息公开业务培训{{work.training.count}}次、参训{{work.training.participants}}人次{{work.trainingTopics}}，举办政务开放日活动{{work.openDay.count}}次，开展监督检查{{work.inspection.count}}次。',
  ].join('\n');
}

export function defaultTemplates(format: FormatVersion): SectionTemplates {
  return {
    overview: overview(format),
    proactive: '该部分以表格形式报告。',
    requests: '该部分以表格形式报告。',
    appeals: '本年度本机关发生政府信息公开行政复议{{t4.review.total}}件，行政诉讼{{t4.litigation.total}}件。',
    problems: [
      '（一）存在的主要问题',
      '本年度超过《条例》第二十六条规定期限发布的主动公开信息{{publishing.late}}条。【请根据本机关实际补充存在的主要问题】',
      '（二）改进情况',
      '【请填写改进措施及落实情况】',
    ].join('\n'),
    other: [
      '（一）收取信息处理费情况',
      '本年度发出收费通知{{fees.notices}}件，实际收取信息处理费{{fees.collected}}元。',
      '（二）其他需要报告的事项',
      '【请填写落实上级年度政务公开工作要点、人大代表建议和政协提案办理结果公开、政务公开工作创新等情况；无则写“无”】',
    ].join('\n'),
  };
}

/** An editor's prompt left in the text: 【…】. */
export const PROMPT = /【[^【】]*】/g;
