// The review chain of a proactively published item (主动公开): 工作人员审核 → 保密审查复核 → 主管领导审批, as the seeds
// describe it ("严格按照信息公开工作人员审核，保密审查机构复核，主管领导审批的程序进行公开"). States and transitions
// are data; who may take each step is a policy over roles; every return carries its reason.

export type ItemState = 'draft' | 'review' | 'secrecy' | 'approval' | 'approved' | 'published' | 'withdrawn';
export type ReviewAction = 'submit' | 'pass' | 'return' | 'publish' | 'withdraw';
export type ReviewRole = 'administrator' | 'officer' | 'reviewer' | 'approver' | 'supervisor';

export interface Transition {
  readonly from: ItemState;
  readonly action: ReviewAction;
  readonly to: ItemState;
  /** Roles that may take this step. */
  readonly roles: readonly ReviewRole[];
  /** The step's name in Chinese, for the timeline. */
  readonly label: string;
}

export const STATE_LABELS: Readonly<Record<ItemState, string>> = {
  draft: '草稿',
  review: '待审核',
  secrecy: '待保密审查',
  approval: '待审批',
  approved: '已审批待发布',
  published: '已发布',
  withdrawn: '已撤回',
};

export const TRANSITIONS: readonly Transition[] = [
  { from: 'draft', action: 'submit', to: 'review', roles: ['officer', 'administrator'], label: '提交审核' },
  {
    from: 'review',
    action: 'pass',
    to: 'secrecy',
    roles: ['officer', 'administrator'],
    label: '工作人员审核通过',
  },
  { from: 'review', action: 'return', to: 'draft', roles: ['officer', 'administrator'], label: '审核退回' },
  // 《保守国家秘密法》and 《条例》第十七条: 公开前依法依规进行保密审查.
  { from: 'secrecy', action: 'pass', to: 'approval', roles: ['reviewer'], label: '保密审查通过' },
  { from: 'secrecy', action: 'return', to: 'draft', roles: ['reviewer'], label: '保密审查退回' },
  { from: 'approval', action: 'pass', to: 'approved', roles: ['approver'], label: '主管领导审批通过' },
  { from: 'approval', action: 'return', to: 'draft', roles: ['approver'], label: '审批退回' },
  {
    from: 'approved',
    action: 'publish',
    to: 'published',
    roles: ['officer', 'administrator'],
    label: '发布',
  },
  {
    from: 'published',
    action: 'withdraw',
    to: 'withdrawn',
    roles: ['approver', 'administrator'],
    label: '撤回',
  },
];

export interface ReviewStep {
  readonly action: ReviewAction;
  readonly from: ItemState;
  readonly to: ItemState;
  readonly actor: string;
  readonly role: ReviewRole;
  readonly at: string;
  readonly reason: string | null;
}

export interface ChainSettings {
  /** The author of an item may not also pass its 审核 (four-eyes). */
  readonly authorMayNotReview: boolean;
}

export const DEFAULT_CHAIN_SETTINGS: ChainSettings = { authorMayNotReview: true };

export class ReviewError extends Error {
  constructor(
    readonly code: 'NOT_ALLOWED' | 'WRONG_STATE' | 'REASON_REQUIRED' | 'SELF_REVIEW',
    message: string,
  ) {
    super(message);
  }
}

export function allowedActions(state: ItemState, role: ReviewRole): Transition[] {
  return TRANSITIONS.filter((t) => t.from === state && t.roles.includes(role));
}

/** Take one step of the chain; throws ReviewError with a Chinese message when the step is not allowed. */
export function review(
  item: { state: ItemState; author: string },
  step: { action: ReviewAction; actor: string; role: ReviewRole; at: string; reason?: string | null },
  settings: ChainSettings = DEFAULT_CHAIN_SETTINGS,
): ReviewStep {
  const candidates = TRANSITIONS.filter((t) => t.from === item.state && t.action === step.action);
  if (!candidates.length)
    throw new ReviewError(
      'WRONG_STATE',
      `“${STATE_LABELS[item.state]}”状态下不能执行“${ACTION_LABELS[step.action]}”`,
    );
  const t = candidates.find((c) => c.roles.includes(step.role));
  if (!t)
    throw new ReviewError(
      'NOT_ALLOWED',
      `“${candidates[0]!.label}”须由${candidates[0]!.roles.map((r) => ROLE_LABELS[r]).join('或')}办理，当前角色为${ROLE_LABELS[step.role]}`,
    );
  const reason = step.reason?.trim() || null;
  if (step.action === 'return' && !reason) throw new ReviewError('REASON_REQUIRED', '退回须填写理由');
  if (step.action === 'withdraw' && !reason) throw new ReviewError('REASON_REQUIRED', '撤回须填写理由');
  if (
    settings.authorMayNotReview &&
    item.state === 'review' &&
    step.action === 'pass' &&
    step.actor === item.author
  )
    throw new ReviewError('SELF_REVIEW', '起草人不能审核自己起草的信息');
  return {
    action: step.action,
    from: item.state,
    to: t.to,
    actor: step.actor,
    role: step.role,
    at: step.at,
    reason,
  };
}

export const ACTION_LABELS: Readonly<Record<ReviewAction, string>> = {
  submit: '提交审核',
  pass: '通过',
  return: '退回',
  publish: '发布',
  withdraw: '撤回',
};

export const ROLE_LABELS: Readonly<Record<ReviewRole, string>> = {
  administrator: '管理员',
  officer: '信息公开工作人员',
  reviewer: '保密审查人员',
  approver: '主管领导',
  supervisor: '监督人员',
};
