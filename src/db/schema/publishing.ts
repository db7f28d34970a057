// 主动公开: the publishing register (items, their review history, attachments) and the agency's 政务公开标准目录
// (全清单, one entry per matter). Items are counted per column and department for the annual report's section 一.
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  check,
  customType,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';
import {
  ACTION_LABELS,
  type ItemState,
  type ReviewAction,
  type ReviewRole,
  ROLE_LABELS,
  STATE_LABELS,
} from '../../domain/publishing/review-chain.ts';
import { agencies } from './agencies.ts';
import { oneOf } from './vocabulary.ts';

/** Raw bytes. PGlite answers a Uint8Array, node-postgres a Buffer (a Uint8Array too). */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (v) => Buffer.from(v.buffer, v.byteOffset, v.byteLength),
  fromDriver: (v) => new Uint8Array(v.buffer, v.byteOffset, v.byteLength),
});

/** The states, actions and roles of the review chain, from its definition as data. */
export const ITEM_STATES = Object.keys(STATE_LABELS) as ItemState[];
export const REVIEW_ACTIONS = Object.keys(ACTION_LABELS) as ReviewAction[];
export const REVIEW_ROLES = Object.keys(ROLE_LABELS) as ReviewRole[];
/** 公开方式: 主动公开 or 依申请公开 (《条例》第十九条、第二十七条). */
export const DISCLOSURE_MODES = ['proactive', 'onRequest'] as const;

export const catalogueMatters = pgTable(
  'catalogue_matters',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    agencyId: integer('agency_id')
      .notNull()
      .references(() => agencies.id),
    /** 领域 / 一级事项 (e.g. 社会救助), optional. */
    domain: text('domain'),
    /** 事项名称 (二级事项). */
    name: text('name').notNull(),
    /** 公开内容（要素）. */
    content: text('content').notNull(),
    /** 公开依据. */
    basis: text('basis').notNull(),
    /** 公开时限, e.g. "信息形成或变更之日起20个工作日内". */
    timeLimit: text('time_limit').notNull(),
    /** 公开主体. */
    subject: text('subject').notNull(),
    /** 公开渠道. */
    channels: text('channels').array().notNull().default(sql`'{}'::text[]`),
    /** 公开对象: 全社会 / 特定对象. */
    audience: text('audience').notNull(),
    /** 公开方式. */
    mode: text('mode').notNull(),
    /** The 公开目录 column items of this matter are published under. */
    category: text('category'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('catalogue_matters_mode_check', oneOf(t.mode, DISCLOSURE_MODES)),
    unique('catalogue_matters_agency_name').on(t.agencyId, t.name),
    // The trigram indexes for the portal's search are added by the migration when pg_trgm is available.
  ],
);

export const publishingItems = pgTable(
  'publishing_items',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** The reporting agency whose register and annual report count the item. */
    agencyId: integer('agency_id')
      .notNull()
      .references(() => agencies.id),
    /** The department (内设机构) that formed the information, when not the agency itself. */
    departmentId: integer('department_id').references(() => agencies.id),
    title: text('title').notNull(),
    /** 文号, e.g. "京通北苑发〔2023〕5号". */
    docNo: text('doc_no'),
    /** The 公开目录 / 全清单 column: 机构职能, 法规文件, 规划计划, 行政职责, 业务动态 … */
    category: text('category').notNull(),
    /** 门户网站, 微信公众号, 微博, 政务服务大厅 … */
    channels: text('channels').array().notNull().default(sql`'{}'::text[]`),
    /** The day the information was formed or changed: 《条例》第二十六条 counts 20 working days from it. */
    formedOn: date('formed_on', { mode: 'string' }).notNull(),
    publishedOn: date('published_on', { mode: 'string' }),
    state: text('state').notNull().default('draft'),
    /** Who drafted it (audit actor): may not pass its own 审核. */
    author: text('author').notNull(),
    matterId: integer('matter_id').references((): AnyPgColumn => catalogueMatters.id),
    body: text('body'),
    /** Where it was published. */
    url: text('url'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('publishing_items_state_check', oneOf(t.state, ITEM_STATES)),
    // Published (and later withdrawn) items have a publication date; nothing else has one.
    check(
      'publishing_items_published_iff',
      sql`(${t.state} in ('published', 'withdrawn')) = (${t.publishedOn} is not null)`,
    ),
    check(
      'publishing_items_published_after_formed',
      sql`${t.publishedOn} is null or ${t.publishedOn} >= ${t.formedOn}`,
    ),
    index('publishing_items_agency_published_idx').on(t.agencyId, t.publishedOn),
    index('publishing_items_agency_state_idx').on(t.agencyId, t.state),
    // Each queue of the publishing page (one state, newest first, 500 at most): an ordered walk that stops there
    // however many items the agency has published (issue 18).
    index('publishing_items_queue_idx').on(t.agencyId, t.state, t.formedOn, t.id),
    index('publishing_items_matter_idx').on(t.matterId),
  ],
);

/** The review history: one row per step of the chain, never changed. */
export const publishingItemSteps = pgTable(
  'publishing_item_steps',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    itemId: integer('item_id')
      .notNull()
      .references(() => publishingItems.id),
    action: text('action').notNull(),
    fromState: text('from_state').notNull(),
    toState: text('to_state').notNull(),
    actor: text('actor').notNull(),
    role: text('role').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    reason: text('reason'),
  },
  (t) => [
    check('publishing_item_steps_action_check', oneOf(t.action, REVIEW_ACTIONS)),
    check('publishing_item_steps_role_check', oneOf(t.role, REVIEW_ROLES)),
    check(
      'publishing_item_steps_reason_check',
      sql`${t.action} not in ('return', 'withdraw') or coalesce(btrim(${t.reason}), '') <> ''`,
    ),
    index('publishing_item_steps_item_idx').on(t.itemId, t.id),
  ],
);

/** Attachments: the bytes live in the database under their content hash; a user-given path is never stored. */
export const publishingAttachments = pgTable(
  'publishing_attachments',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    itemId: integer('item_id')
      .notNull()
      .references(() => publishingItems.id),
    /** The file name as shown (base name only). */
    name: text('name').notNull(),
    sha256: text('sha256').notNull(),
    size: integer('size').notNull(),
    content: bytea('content').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check(
      'publishing_attachments_size_check',
      sql`${t.size} >= 0 and ${t.size} = octet_length(${t.content})`,
    ),
    unique('publishing_attachments_item_sha').on(t.itemId, t.sha256),
  ],
);
