// Applicants (申请人). The type is the 表三 column the applicant is counted in. ID and phone numbers are
// personal information: show them masked (src/cases/mask.ts) except where the law requires the full value.
import { check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { APPLICANT_TYPES, oneOf } from './vocabulary.ts';

export const applicants = pgTable(
  'applicants',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    type: text('type').notNull(),
    name: text('name').notNull(),
    /** 身份证明: 居民身份证号码 for natural persons, 统一社会信用代码 for organisations (《条例》第二十九条). */
    idNumber: text('id_number'),
    phone: text('phone'),
    address: text('address'),
    email: text('email'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('applicants_type_check', oneOf(t.type, APPLICANT_TYPES)),
    index('applicants_name_idx').on(t.name),
  ],
);
