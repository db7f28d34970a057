// The closed vocabularies the tables store, kept beside the schema so the CHECK constraints and the TypeScript
// types come from one list. Keys follow ../shared/domain/fields.md wherever the annual report counts them.
import { sql } from 'drizzle-orm';
import { RECEIPT_CHANNELS, type ReceiptChannel } from '../../domain/clock/index.ts';
import { APPLICANT_PARTS, LAYOUTS } from '../../domain/report/layout.ts';

/** Agency tree levels: a region (行政区域) holds agencies, an agency holds departments (内设机构). */
export const AGENCY_LEVELS = ['region', 'agency', 'department'] as const;
export type AgencyLevel = (typeof AGENCY_LEVELS)[number];

/**
 * What kind of body an agency is; it decides the annual-report deadline (《条例》第四十九条: 县级以上人民政府部门
 * before 31 January, 县级以上地方人民政府 before 31 March; 乡镇街道 by local rule).
 */
export const AGENCY_KINDS = ['localGovernment', 'department', 'township', 'other'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];
export const AGENCY_KIND_LABELS: Record<AgencyKind, string> = {
  localGovernment: '县级以上地方人民政府',
  department: '县级以上人民政府部门',
  township: '乡镇人民政府、街道办事处',
  other: '其他',
};

export const ROLES = ['administrator', 'officer', 'reviewer', 'approver', 'supervisor'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = {
  administrator: '系统管理员',
  officer: '承办人',
  reviewer: '保密审查',
  approver: '审批人（工作机构负责人）',
  supervisor: '监督',
};

/** The applicant columns of 表三 (fields.md), without 总计. */
export const APPLICANT_TYPES = APPLICANT_PARTS as readonly ApplicantType[];
export type ApplicantType =
  | 'naturalPerson'
  | 'commercial'
  | 'research'
  | 'nonprofit'
  | 'legalService'
  | 'otherOrg';

/**
 * How the application reached the agency; the channel decides which date is the receipt date
 * (《条例》第三十一条). The clock's vocabulary (src/domain/clock/events.ts), with its labels and rules.
 */
export const CHANNELS = Object.keys(RECEIPT_CHANNELS) as readonly Channel[];
export type Channel = ReceiptChannel;

/**
 * The result rows of 表三 a concluded case is counted in: the 2021 layout's rows (the 2019 layout folds the three
 * 其他处理 rows into its single `other` row when a 2019/2020 report is compiled).
 */
export const OUTCOMES = LAYOUTS['2021'].t3Rows.filter((r) => r.result).map((r) => r.key) as readonly string[];

/** 信息处理费: none, 按量计收 (pages) or 按件计收 (applications) — the fee domain's names (src/domain/fees). */
export const FEE_METHODS = ['none', 'pages', 'applications'] as const;
export type FeeMethod = (typeof FEE_METHODS)[number];

export const APPEAL_KINDS = ['review', 'litigation.direct', 'litigation.afterReview'] as const;
export type AppealKind = (typeof APPEAL_KINDS)[number];
export const APPEAL_RESULTS = ['upheld', 'corrected', 'other'] as const;
export type AppealResult = (typeof APPEAL_RESULTS)[number];
/**
 * Who is the defendant of a suit (《行政诉讼法》第二十六条): the original agency (a direct suit, or a suit over the
 * original act after the 复议机关 did not decide in time, 第三款), the 复议机关 and the original agency together
 * (复议维持, 第二款), or the 复议机关 alone (复议改变, 第二款).
 */
export const APPEAL_DEFENDANTS = ['original', 'joint', 'review'] as const;
export type AppealDefendant = (typeof APPEAL_DEFENDANTS)[number];
/** How the period of a 责令重新答复 is counted: as the decision sets it, in calendar or working days. */
export const REDO_UNITS = ['days', 'workdays'] as const;
export type RedoUnit = (typeof REDO_UNITS)[number];

export const CASE_STATUSES = ['open', 'paused', 'awaitingCorrection', 'awaitingFee', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** `col IN ('a','b',…)` for a CHECK constraint (the lists are constants, never user input). */
export function oneOf(column: unknown, values: readonly string[]) {
  const list = values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');
  return sql`${column} in (${sql.raw(list)})`;
}
