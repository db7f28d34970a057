// Who may do what, as data — apart from the handlers (Outline's server/policies). Each action names the roles that
// may perform it and the scope rule that ties the record it touches to the user's place in the agency tree:
//   none     — the action touches no particular agency's record (the page shows the user's own agency);
//   own      — the record belongs to the user's own agency or one of its departments (officers, reviewers and
//              approvers see their agency);
//   subtree  — the record belongs to the user's agency or one below it (supervisors see their subtree).
// An administrator passes every scope rule but holds only the actions listed for 'administrator': the system
// role manages accounts and data, it does not handle cases. The middleware in middleware/authorize.ts applies this
// table; test/web-authz.test.ts checks every route × role × agency against it.
import type { Role } from '../db/schema/vocabulary.ts';

export type ScopeRule = 'none' | 'own' | 'subtree';

/** The kinds of record a route's path names, and the path parameter that names it. */
export type ResourceKind = 'case' | 'agency' | 'report' | 'publishingItem' | 'consultation' | 'normDoc';

export interface Policy {
  /** What the action is, in Chinese (shown on the 403 page). */
  readonly summary: string;
  readonly roles: readonly Role[];
  readonly scope: ScopeRule;
  readonly resource?: { readonly kind: ResourceKind; readonly param: string };
}

const STAFF: readonly Role[] = ['officer', 'reviewer', 'approver'];

export const POLICIES = {
  'staff.dashboard': { summary: '查看办理工作台', roles: [...STAFF, 'administrator'], scope: 'none' },
  'case.list': { summary: '查看申请列表', roles: [...STAFF, 'administrator'], scope: 'none' },
  'case.intake': { summary: '登记政府信息公开申请', roles: ['officer'], scope: 'none' },
  'case.view': {
    summary: '查看申请办理情况',
    roles: [...STAFF, 'administrator'],
    scope: 'own',
    resource: { kind: 'case', param: 'code' },
  },
  'case.act': {
    summary: '办理申请（补正、征求意见、收费、答复）',
    roles: ['officer'],
    scope: 'own',
    resource: { kind: 'case', param: 'code' },
  },
  // 《条例》第三十三条第二款: 延长答复期限 needs the consent of the 政府信息公开工作机构负责人.
  'case.extend': {
    summary: '批准延长答复期限',
    roles: ['approver'],
    scope: 'own',
    resource: { kind: 'case', param: 'code' },
  },
  'case.assign': {
    summary: '指定经办人',
    roles: ['officer', 'approver'],
    scope: 'own',
    resource: { kind: 'case', param: 'code' },
  },
  'case.approvals': { summary: '审批延期申请', roles: ['approver'], scope: 'none' },
  'case.export': { summary: '导出申请列表', roles: [...STAFF, 'administrator'], scope: 'none' },
  'case.letter': {
    summary: '下载答复文书',
    roles: STAFF,
    scope: 'own',
    resource: { kind: 'case', param: 'code' },
  },
  'report.build': {
    summary: '编制年度报告',
    roles: ['officer', 'approver'],
    scope: 'own',
    resource: { kind: 'agency', param: 'agencyId' },
  },
  'report.publish': {
    summary: '发布年度报告',
    roles: ['approver'],
    scope: 'own',
    resource: { kind: 'agency', param: 'agencyId' },
  },
  // 主动公开 (src/publishing): every staff role has its own queue of its agency (审核 by officers, 保密审查 by
  // reviewers, 审批 by approvers); whether the step fits the role is the review chain's rule (src/domain/publishing).
  'publishing.queue': { summary: '查看主动公开工作台', roles: STAFF, scope: 'none' },
  'publishing.create': { summary: '起草主动公开信息', roles: ['officer'], scope: 'none' },
  'publishing.view': {
    summary: '查看主动公开信息',
    roles: STAFF,
    scope: 'own',
    resource: { kind: 'publishingItem', param: 'itemId' },
  },
  'publishing.edit': {
    summary: '修改主动公开信息草稿',
    roles: ['officer'],
    scope: 'own',
    resource: { kind: 'publishingItem', param: 'itemId' },
  },
  'publishing.review': {
    summary: '审核、保密审查、审批或发布主动公开信息',
    roles: STAFF,
    scope: 'own',
    resource: { kind: 'publishingItem', param: 'itemId' },
  },
  'publishing.registers': { summary: '查看主动公开登记簿', roles: STAFF, scope: 'none' },
  'publishing.register': {
    summary: '登记目录事项、规范性文件、征集意见和工作记录',
    roles: ['officer'],
    scope: 'none',
  },
  'publishing.consultation.view': {
    summary: '查看公开征集意见',
    roles: STAFF,
    scope: 'own',
    resource: { kind: 'consultation', param: 'consultationId' },
  },
  'publishing.consultation': {
    summary: '登记征集意见和反馈',
    roles: ['officer'],
    scope: 'own',
    resource: { kind: 'consultation', param: 'consultationId' },
  },
  'publishing.norm': {
    summary: '废止规范性文件',
    roles: ['officer'],
    scope: 'own',
    resource: { kind: 'normDoc', param: 'normId' },
  },
  'supervise.board': { summary: '查看监督工作台', roles: ['supervisor', 'administrator'], scope: 'none' },
  'supervise.agency': {
    summary: '查看下级机关年度报告',
    roles: ['supervisor', 'administrator'],
    scope: 'subtree',
    resource: { kind: 'agency', param: 'agencyId' },
  },
  'supervise.report': {
    summary: '查看收集的年度报告',
    roles: ['supervisor', 'administrator'],
    scope: 'subtree',
    resource: { kind: 'report', param: 'reportId' },
  },
  // The crop of the scan beside an OCR-read number (issue 17): a public report's crops are public (routes/reports.tsx
  // checks that first); a report not yet public only for supervisors of its subtree and administrators.
  'report.crop': {
    summary: '查看未公开年度报告的原件截图',
    roles: ['supervisor', 'administrator'],
    scope: 'subtree',
    resource: { kind: 'report', param: 'id' },
  },
  'supervise.compare': {
    summary: '比较同一年度报告的各份副本',
    roles: ['supervisor', 'administrator'],
    scope: 'subtree',
    resource: { kind: 'report', param: 'reportId' },
  },
  'supervise.choose': {
    summary: '确定以哪一份年度报告为准',
    roles: ['supervisor'],
    scope: 'subtree',
    resource: { kind: 'report', param: 'reportId' },
  },
  // Settling a collected report's uncertain cells (src/supervision/cell-confirm.ts): a supervisor of the report's
  // subtree, or an administrator; audited.
  'supervise.confirm': {
    summary: '核对年度报告中解析不确定的单元格',
    roles: ['supervisor', 'administrator'],
    scope: 'subtree',
    resource: { kind: 'report', param: 'reportId' },
  },
  'supervise.aliases': {
    summary: '维护机关别名与人口',
    roles: ['supervisor', 'administrator'],
    scope: 'subtree',
    resource: { kind: 'agency', param: 'agencyId' },
  },
  'supervise.upload': { summary: '上传年度报告', roles: ['supervisor'], scope: 'none' },
  'admin.users': { summary: '管理用户', roles: ['administrator'], scope: 'none' },
  'admin.agencies': { summary: '管理机关', roles: ['administrator'], scope: 'none' },
  'ops.metrics': { summary: '查看运行指标', roles: ['administrator'], scope: 'none' },
  'admin.templates': { summary: '编辑文书模板', roles: ['administrator'], scope: 'none' },
  'admin.demo': { summary: '载入演示数据', roles: ['administrator'], scope: 'none' },
  // The annual report deadlines of 乡镇、街道 (a local rule; 《条例》第四十九条 fixes the others): the status board,
  // the exports and the reminders all read them, so only administrators set them (src/admin/report-deadlines.ts).
  'admin.settings': { summary: '设置年度报告截止日期', roles: ['administrator'], scope: 'none' },
  // The working-day calendar (src/cases/calendar.ts): every deadline of 《条例》第三十三条 is counted on it. Staff see
  // it (why a date is or is not a 工作日), supervisors too; only administrators change it or move stored deadlines.
  'calendar.view': {
    summary: '查看工作日历',
    roles: [...STAFF, 'supervisor', 'administrator'],
    scope: 'none',
  },
  'calendar.manage': {
    summary: '录入放假安排、本地调整和重算期限',
    roles: ['administrator'],
    scope: 'none',
  },
  'account.password': {
    summary: '修改密码',
    roles: [...STAFF, 'supervisor', 'administrator'],
    scope: 'none',
  },
} as const satisfies Record<string, Policy>;

export type Action = keyof typeof POLICIES;

export const policyOf = (action: Action): Policy => POLICIES[action];

export interface Subject {
  readonly roles: readonly Role[];
  readonly agencyId: number;
}

/** Role check: the user holds one of the action's roles. */
export const hasRole = (user: Subject, action: Action): boolean =>
  policyOf(action).roles.some((r) => user.roles.includes(r));

/** What the scope rules need to know of the agency tree (answered by the database in middleware/authorize.ts). */
export interface TreeQuestions {
  /** Whether `agency` is `root` or lies below it. */
  inSubtree(root: number, agency: number): Promise<boolean>;
  /** Whether two agencies report in one annual report: an agency and its departments (内设机构) are one unit. */
  sameUnit(a: number, b: number): Promise<boolean>;
}

/**
 * Scope check for a record of `recordAgencyId` (null: a collected report nobody could match to an agency — public
 * material, visible to every supervisor).
 */
export async function inScope(
  user: Subject,
  action: Action,
  recordAgencyId: number | null,
  tree: TreeQuestions,
): Promise<boolean> {
  const p: Policy = policyOf(action);
  if (p.scope === 'none' || user.roles.includes('administrator')) return true;
  if (recordAgencyId === null) return p.scope === 'subtree';
  if (p.scope === 'own')
    return recordAgencyId === user.agencyId || tree.sameUnit(user.agencyId, recordAgencyId);
  return tree.inSubtree(user.agencyId, recordAgencyId);
}
