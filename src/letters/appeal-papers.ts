// The agency's own papers when its reply is challenged, as DOCX drafts for the officer to complete: the
// 行政复议答复书 (《行政复议法》(2023) 第四十八条: within 10 days of receiving the copy of the application, a written
// answer with the evidence and basis of the act) and the 行政诉讼答辩状 (《行政诉讼法》第六十七条: within 15 days of
// receiving the copy of the complaint, with the evidence and the normative documents). Pure rendering, like the
// letters: the case layer (src/web/cases/appeal-papers.ts) gives the facts the case holds — the applicant as named,
// the dates, what was asked, what was replied and on which article, the list of evidence — and the arguments are
// left as marked blanks for the officer, never invented.
import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import { type FontSet, OFFICIAL_FONTS } from '../render/fonts.ts';
import {
  CHAR,
  face,
  officialDocumentDefaults,
  officialSection,
  officialTitleStyle,
} from '../render/official-page.ts';
import { formatDate } from './format.ts';

export type AppealPaperKind = 'reviewAnswer' | 'defence';

export interface AppealPaperFacts {
  readonly kind: AppealPaperKind;
  /** The agency answering (被申请人 / 被告). */
  readonly agency: string;
  /** 复议机关 or court, as recorded; null when not recorded. */
  readonly body: string | null;
  /** The applicant as named in the application (申请人 / 原告). */
  readonly applicant: string;
  /** 申请复议或起诉之日. */
  readonly filedOn: string;
  /** 收到副本之日 and the last day for this paper (calendar days), when recorded. */
  readonly copyReceivedOn: string | null;
  readonly dueOn: string | null;
  readonly application: {
    readonly receivedOn: string;
    readonly channel: string;
    readonly description: string;
  };
  /** The replies under challenge, oldest first (the first reply, then any 重新答复). */
  readonly replies: readonly {
    readonly on: string;
    readonly outcome: string;
    readonly legalBasis: string | null;
    readonly note: string | null;
    readonly redo?: boolean;
  }[];
  /** 证据 and 依据: the case's documents and letters with their dates. */
  readonly evidence: readonly { readonly title: string; readonly on: string }[];
  /** Suits: who the defendant is, as people read it. */
  readonly defendant?: string | null;
  /** Suits: this agency is a co-defendant with the 复议机关 (复议维持, 《行政诉讼法》第二十六条第二款). */
  readonly coDefendant?: boolean;
}

export const APPEAL_PAPER_TITLES: Record<AppealPaperKind, string> = {
  reviewAnswer: '行政复议答复书',
  defence: '行政诉讼答辩状',
};

/** The marked blank where the officer writes: kept visibly as a bracketed instruction, never filled by guesswork. */
const blank = (what: string) => `【请承办人填写：${what}】`;

/** The paper's text, paragraph by paragraph (also what the tests read). */
export function appealPaperParagraphs(f: AppealPaperFacts): { heading: boolean; text: string }[] {
  const review = f.kind === 'reviewAnswer';
  const me = review ? '答复人（被申请人）' : f.coDefendant ? '答辩人（共同被告）' : '答辩人（被告）';
  const them = review ? '申请人' : '原告';
  const p: { heading: boolean; text: string }[] = [];
  const para = (text: string) => p.push({ heading: false, text });
  const head = (text: string) => p.push({ heading: true, text });
  para(`${me}：${f.agency}`);
  para(`法定代表人：${blank('姓名、职务')}`);
  para(`${them}：${f.applicant}`);
  if (!review && f.defendant) para(`被告情况：${f.defendant}`);
  para(
    review
      ? `${them}${f.applicant}不服本机关作出的政府信息公开申请答复，于${formatDate(f.filedOn)}向${f.body ?? blank('行政复议机关')}申请行政复议。${f.copyReceivedOn ? `本机关于${formatDate(f.copyReceivedOn)}收到行政复议申请书副本，` : ''}现依照《中华人民共和国行政复议法》第四十八条的规定，提出书面答复如下：`
      : `${them}${f.applicant}诉本机关政府信息公开一案，于${formatDate(f.filedOn)}向${f.body ?? blank('人民法院')}提起行政诉讼。${f.copyReceivedOn ? `本机关于${formatDate(f.copyReceivedOn)}收到起诉状副本，` : ''}现依照《中华人民共和国行政诉讼法》第六十七条的规定，提出答辩如下：`,
  );
  head('一、基本事实');
  para(
    `${formatDate(f.application.receivedOn)}，本机关收到${them}以“${f.application.channel}”方式提出的政府信息公开申请，申请获取：${f.application.description}。`,
  );
  for (const r of f.replies)
    para(
      `${formatDate(r.on)}，本机关${r.redo ? '依照复议决定或判决重新' : ''}作出答复：${r.outcome}${r.legalBasis ? `，依据${r.legalBasis}` : ''}。${r.note ? `答复说明：${r.note}${/[。！？]$/.test(r.note) ? '' : '。'}` : ''}`,
    );
  head(review ? '二、答复意见' : '二、答辩意见');
  para(
    blank(
      review
        ? '原答复认定事实清楚、证据确凿、适用依据正确、程序合法、内容适当的理由；对申请人复议请求和理由逐项回应'
        : '被诉答复合法的理由（职权依据、事实与证据、法律适用、程序）；对原告诉讼请求和理由逐项回应',
    ),
  );
  head('三、证据和依据');
  para(
    review
      ? '随本答复书一并提交作出原答复的证据、依据和其他有关材料：'
      : '随本答辩状一并提交作出被诉答复的证据和所依据的规范性文件：',
  );
  f.evidence.forEach((e, i) => {
    para(`${i + 1}. ${e.title}（${formatDate(e.on)}）`);
  });
  // The articles the replies relied on, as recorded (each already names its law: 《条例》第三十六条第（四）项 …).
  const bases = [...new Set(f.replies.map((r) => r.legalBasis).filter((b): b is string => Boolean(b)))];
  para(
    `${f.evidence.length + 1}. 答复所依据的规定：${bases.length ? bases.join('；') : blank('所依据的条款')}`,
  );
  head(review ? '四、答复请求' : '四、答辩请求');
  para(
    blank(review ? '请求行政复议机关维持原答复或驳回申请人的复议请求' : '请求人民法院判决驳回原告的诉讼请求'),
  );
  para('此致');
  para(f.body ?? blank(review ? '行政复议机关' : '人民法院'));
  return p;
}

export async function appealPaperDocx(
  f: AppealPaperFacts,
  opts: { readonly fonts?: FontSet } = {},
): Promise<Uint8Array> {
  const fonts = opts.fonts ?? OFFICIAL_FONTS;
  const title = APPEAL_PAPER_TITLES[f.kind];
  const flush = { firstLine: 0 };
  const children: Paragraph[] = [
    new Paragraph({ style: 'PaperTitle', children: [new TextRun(title)] }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      indent: flush,
      children: [
        new TextRun({
          text: `（草稿${f.dueOn ? `，提交期限 ${formatDate(f.dueOn)}` : ''}）`,
          size: 28,
        }),
      ],
    }),
    new Paragraph({ children: [] }),
  ];
  const paras = appealPaperParagraphs(f);
  paras.forEach((x, i) => {
    // A heading stays with its first paragraph; 此致 with the addressee and the signature.
    // The request before 此致 goes with the close too, so no page holds only 此致 and the signature.
    const salutation = x.heading || i >= paras.length - 3;
    children.push(
      new Paragraph({
        indent: i === paras.length - 1 ? flush : undefined,
        keepNext: salutation,
        children: [
          new TextRun({ text: x.text, bold: x.heading, font: x.heading ? face(fonts.title) : undefined }),
        ],
      }),
    );
  });
  children.push(new Paragraph({ keepNext: true, children: [] }));
  const right = (text: string) =>
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      indent: { firstLine: 0, right: 4 * CHAR },
      keepNext: true,
      children: [new TextRun(text)],
    });
  children.push(
    right(`${f.kind === 'reviewAnswer' ? '答复人' : '答辩人'}：${f.agency}（印章）`),
    right('年    月    日'),
  );
  const doc = new Document({
    title: `${f.agency}${title}（草稿）`,
    creator: 'Gongkai',
    styles: {
      default: {
        document: officialDocumentDefaults(fonts.body),
      },
      paragraphStyles: [officialTitleStyle('PaperTitle', 'Paper Title', fonts.title)],
    },
    sections: [officialSection(children)],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}
