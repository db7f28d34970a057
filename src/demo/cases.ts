// A year of sample 依申请公开 cases for the demo agency, put through the case use cases (src/cases) so that the
// timeline, the statutory clock, the letters and the compiled 表三/表四 are all real. The history is generated
// from a fixed seed: loading the demo twice on the same day gives the same cases.
import { eq, like } from 'drizzle-orm';
import { decideAppeal, fileAppeal } from '../cases/appeals.ts';
import {
  abandon,
  endConsultation,
  extendDeadline,
  notifyFee,
  payFee,
  receiveCorrection,
  reply,
  requestCorrection,
  startConsultation,
  withdraw,
} from '../cases/events.ts';
import { intakeCase } from '../cases/intake.ts';
import type { DatabaseHandle } from '../db/handle.ts';
import { agencies } from '../db/schema/agencies.ts';
import { cases } from '../db/schema/cases.ts';
import type { ApplicantType, Channel } from '../db/schema/vocabulary.ts';
import { addDays, addWorkdays, type CalendarData } from '../domain/calendar/index.ts';
import { issueReplyLetter } from '../web/cases/letters.ts';

/** A small deterministic generator (mulberry32): the same demo every time. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '艳', '勇', '军'];
const TOPICS = [
  '本镇2023年农村道路硬化工程的立项批复和验收报告',
  '某村集体土地征收的补偿安置方案',
  '本镇老旧小区改造项目的招标文件和中标结果',
  '本镇2023年财政预算执行情况',
  '本镇防汛应急预案',
  '某企业环境影响评价文件的审批意见',
  '本镇农村低保对象的认定标准和程序',
  '西瓜产业园区建设项目的资金使用情况',
  '本镇宅基地审批的办理流程和条件',
  '某村违法建设拆除的执法案卷',
];
const ORGS: Record<Exclude<ApplicantType, 'naturalPerson'>, string[]> = {
  commercial: ['北京某某农业科技有限公司', '北京某某建筑工程有限公司'],
  research: ['某大学公共管理学院课题组'],
  nonprofit: ['某环保公益促进会'],
  legalService: ['北京某某律师事务所'],
  otherOrg: ['某村股份经济合作社'],
};
// Valid check digits: a resident ID (GB 11643) and a 统一社会信用代码 (GB 32100) used for every demo applicant.
const DEMO_ID = '11010519491231002X';
const DEMO_CREDIT = '91350100M000100Y43';

type Plan =
  | 'granted'
  | 'partial'
  | 'withheld'
  | 'notHeld'
  | 'complaint'
  | 'correction'
  | 'noCorrection'
  | 'consult'
  | 'extend'
  | 'fee'
  | 'withdraw'
  | 'open';

const PLANS: readonly Plan[] = [
  'granted',
  'granted',
  'granted',
  'partial',
  'withheld',
  'notHeld',
  'notHeld',
  'complaint',
  'correction',
  'noCorrection',
  'consult',
  'extend',
  'fee',
  'withdraw',
  'granted',
  'partial',
];

export async function loadDemoCases(
  handle: DatabaseHandle,
  opts: { agencyId: number; actor: string; today: string; calendar: CalendarData },
): Promise<{ cases: number; casesSkipped?: string }> {
  const db = handle.db;
  const [agency] = await db.select().from(agencies).where(eq(agencies.id, opts.agencyId));
  if (!agency) return { cases: 0, casesSkipped: '演示机关不存在' };
  const [have] = await db
    .select({ id: cases.id })
    .from(cases)
    .where(like(cases.code, `${agency.code}-%`))
    .limit(1);
  if (have) return { cases: 0, casesSkipped: '演示案件已存在' };

  const cal = opts.calendar;
  const wd = (from: string, n: number) => addWorkdays(from, n, cal).date;
  const ctx = { actor: opts.actor, today: opts.today };
  const random = rng(20240315);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const start = addDays(opts.today, -365);
  let n = 0;
  const codes: string[] = [];

  for (let i = 0; i < 42; i++) {
    // Spread the receipts over the year; the last few stay open.
    const received = wd(addDays(start, Math.floor((i / 42) * 350)), 0 + (i % 3));
    if (received > opts.today) break;
    // The last weeks' applications are still being handled: some due soon, some overdue, as on any desk.
    const recent = received > addDays(opts.today, -45);
    const plan: Plan = recent ? 'open' : PLANS[i % PLANS.length]!;
    const type: ApplicantType =
      random() < 0.7 ? 'naturalPerson' : pick(Object.keys(ORGS) as Exclude<ApplicantType, 'naturalPerson'>[]);
    const name =
      type === 'naturalPerson' ? `${pick(SURNAMES)}${pick(GIVEN)}${pick(GIVEN)}` : pick(ORGS[type]);
    const channel: Channel = pick(['inPerson', 'registeredMail', 'online', 'online', 'email'] as const);
    const { code } = await intakeCase(
      db,
      {
        agency: opts.agencyId,
        applicant: {
          type,
          name,
          idNumber: type === 'naturalPerson' ? DEMO_ID : DEMO_CREDIT,
          phone: `138${String(10000000 + Math.floor(random() * 89999999))}`,
          address: '北京市大兴区庞各庄镇演示路1号',
        },
        channel,
        receivedOn: received,
        confirmation: channel === 'online' || channel === 'email' ? '平台回执、电话确认' : null,
        description: pick(TOPICS),
        formWanted: pick(['纸质文本', '电子文件']),
        deliveryWanted: pick(['邮寄', '电子邮件', '当面领取']),
      },
      ctx,
    );
    n++;
    codes.push(code);
    const d = (k: number) => wd(received, k);
    // A reply planned after today happens today ('YYYY-MM-DD' strings sort as dates).
    const replyOn = (k: number) => [d(k), opts.today].sort()[0]!;
    switch (plan) {
      case 'granted':
        await reply(db, code, { on: replyOn(8), outcome: 'granted' }, ctx);
        break;
      case 'partial':
        await reply(
          db,
          code,
          { on: replyOn(15), outcome: 'partiallyGranted', note: '其中涉及个人隐私的内容已作区分处理。' },
          ctx,
        );
        break;
      case 'withheld':
        await reply(
          db,
          code,
          {
            on: replyOn(12),
            outcome: 'withheld.deliberative',
            note: '所申请的信息属于内部讨论记录，为过程性信息。',
          },
          ctx,
        );
        break;
      case 'notHeld':
        await reply(
          db,
          code,
          { on: replyOn(10), outcome: 'unavailable.notHeld', note: '经检索，本机关未制作或获取该信息。' },
          ctx,
        );
        break;
      case 'complaint':
        await reply(
          db,
          code,
          {
            on: replyOn(5),
            outcome: 'declined.complaint',
            note: '该申请属于投诉举报，已告知通过信访渠道反映。',
          },
          ctx,
        );
        break;
      case 'correction':
        await requestCorrection(
          db,
          code,
          { on: d(3), items: '请明确所需信息的时间范围和项目名称', correctionDue: d(13) },
          ctx,
        );
        await receiveCorrection(db, code, { on: d(8) }, ctx);
        await reply(db, code, { on: replyOn(20), outcome: 'granted' }, ctx);
        break;
      case 'noCorrection':
        await requestCorrection(
          db,
          code,
          { on: d(2), items: '请提供所需信息的名称或文号', correctionDue: d(12) },
          ctx,
        );
        await abandon(db, code, { on: d(14), reason: 'correction' }, ctx);
        break;
      case 'consult':
        await startConsultation(
          db,
          code,
          { on: d(4), party: 'thirdParty', consultee: '北京某某建筑工程有限公司' },
          ctx,
        );
        await endConsultation(db, code, { on: d(11), opinion: 'object' }, ctx);
        await reply(
          db,
          code,
          {
            on: replyOn(24),
            outcome: 'withheld.thirdPartyRights',
            note: '所申请信息涉及第三方商业秘密，第三方不同意公开。',
          },
          ctx,
        );
        break;
      case 'extend':
        await extendDeadline(
          db,
          code,
          { on: d(18), workdays: 15, approver: '李主任', reason: '需调取档案' },
          ctx,
        );
        await reply(db, code, { on: replyOn(30), outcome: 'granted' }, ctx);
        break;
      case 'fee':
        await notifyFee(db, code, { on: d(6), method: 'pages', pages: 68 }, ctx);
        await payFee(db, code, { on: d(9) }, ctx);
        await reply(db, code, { on: replyOn(25), outcome: 'granted' }, ctx);
        break;
      case 'withdraw':
        await withdraw(db, code, { on: d(4), note: '申请人电话告知撤回' }, ctx);
        break;
      case 'open':
        break;
    }
    if (plan !== 'open' && plan !== 'withdraw' && plan !== 'noCorrection') {
      const [row] = await db.select().from(cases).where(eq(cases.code, code));
      const partial =
        plan === 'partial'
          ? {
              disclosed: '项目立项批复和验收结论',
              withheld: [
                {
                  part: '验收报告中施工人员的身份信息',
                  ground: '涉及个人隐私',
                  article: '《中华人民共和国政府信息公开条例》第十五条',
                },
              ],
            }
          : null;
      if (row?.closedOn) await issueReplyLetter(db, row, opts.actor, { partial });
    }
  }

  // Two 行政复议 and one 行政诉讼 over refusals: 表四 is compiled from them.
  const refused = await db
    .select({ code: cases.code, closedOn: cases.closedOn })
    .from(cases)
    .where(like(cases.code, `${agency.code}-%`));
  const withheld = refused.filter((r) => r.closedOn && r.closedOn < addDays(opts.today, -90)).slice(0, 3);
  for (const [i, r] of withheld.entries()) {
    const filed = wd(r.closedOn!, 10);
    if (filed > opts.today) continue;
    const kind = i < 2 ? 'review' : 'litigation.direct';
    const a = await fileAppeal(
      db,
      { case: r.code, kind, filedOn: filed, body: kind === 'review' ? '演示区人民政府' : '演示区人民法院' },
      ctx,
    );
    const closed = wd(filed, 40);
    if (i < 2 && closed <= opts.today)
      await decideAppeal(db, { id: a.id, result: i === 0 ? 'upheld' : 'corrected', closedOn: closed }, ctx);
  }
  return { cases: n };
}
