// Every way reading a file can fail, as one Chinese sentence naming the file and the reason. The readers throw
// UnreadableError with such a sentence when they know what went wrong; anything else that escapes a reader (pdf.js's
// XRefEntryException, a RangeError from a deep recursion, a zip library's "invalid zip data", a TypeError from a bug)
// is translated here, so that no English message and no stack trace reaches a user, a CLI's stderr, a JSON line or
// an upload page.
import { UnreadableError } from '../parse/index.ts';

/** Why a file was refused, for counting and for the tests; the message says it in Chinese. */
export type RefusalKind = 'unreadable' | 'crash' | 'timeout' | 'memory' | 'tooLarge';

/** pdf.js's exception names and what they mean for the person who sent the file. */
const PDF_EXCEPTIONS: Readonly<Record<string, string>> = {
  PasswordException: 'PDF 已加密，需要密码才能打开，无法读取（请提供未加密的文件）',
  InvalidPDFException: 'PDF 文件已损坏或不完整（可能下载不完整），无法读取',
  XRefEntryException: 'PDF 文件结构损坏（交叉引用表有误，文件可能不完整或被截断），无法读取',
  XRefParseException: 'PDF 文件结构损坏（交叉引用表无法解析，文件可能不完整或被截断），无法读取',
  MissingDataException: 'PDF 文件不完整（缺少部分数据，可能下载不完整），无法读取',
  FormatError: 'PDF 文件结构损坏（对象格式错误），无法读取',
  UnknownErrorException: 'PDF 文件结构损坏，无法读取',
  AbortException: 'PDF 读取被中止（文件结构异常）',
};

/** Whether a message is meant for a person reading Chinese (at least one CJK character, no stack frame). */
export function isChineseMessage(s: string): boolean {
  return /[\u4e00-\u9fff]/.test(s) && !/\n\s+at\s/.test(s);
}

/** The reason part of a message for an exception that is not an UnreadableError. */
export function reasonOf(e: unknown): string {
  const err = e as { name?: unknown; message?: unknown; code?: unknown } | null;
  const name = typeof err?.name === 'string' ? err.name : '';
  const message = typeof err?.message === 'string' ? err.message : String(e);
  const pdf = PDF_EXCEPTIONS[name];
  if (pdf) return pdf;
  if (
    /xref|trailer|startxref|Invalid PDF|PDF header|Bad (un)?compressed|Invalid object ref|Unexpected EOF/i.test(
      message,
    )
  )
    return 'PDF 文件结构损坏（交叉引用表或对象无法解析，文件可能不完整或被截断），无法读取';
  if (/password|encrypt/i.test(message)) return '文件已加密，无法读取（请提供未加密的文件）';
  if (e instanceof RangeError && /call stack/i.test(message))
    return '文件内容嵌套过深（超出读取程序的处理能力），无法读取';
  if (e instanceof RangeError && /array length|allocation|out of memory|buffer/i.test(message))
    return '文件内容过大，读取时内存不足，无法读取';
  if (/zip|inflate|deflate|central directory|compressed|corrupt/i.test(message))
    return '压缩包结构损坏（DOCX 文件可能不完整或已被改动），无法读取';
  if (/xml|markup|tag|entity/i.test(message)) return '文档的 XML/HTML 结构损坏，无法读取';
  if (/encod|decod|charset|utf/i.test(message)) return '文字编码无法识别，无法读取';
  // A reader's own bug or an unforeseen shape of damage: say so plainly, without the English detail.
  return '文件已损坏或格式不规范，读取程序无法解析';
}

/** The Chinese message for any exception thrown while reading `file`. */
export function refusalMessage(e: unknown, file: string): string {
  if (e instanceof UnreadableError && isChineseMessage(e.message)) return sanitize(e.message, file);
  if (e instanceof UnreadableError) return `${file}：${reasonOf(e)}`;
  return `${file}：${reasonOf(e)}`;
}

/**
 * A reader's UnreadableError may still quote an English library message in parentheses ("无法打开 PDF（Bad XRef
 * entry）"): translate that part, keep the Chinese.
 */
function sanitize(message: string, file: string): string {
  const m = /^(.*?)（([^（）]*)）(，?[^（）]*)$/.exec(message);
  // Only an English sentence is translated ("Bad XRef entry"), not a term such as "（.doc）" or "（UTF-16）".
  if (m && !/[\u4e00-\u9fff]/.test(m[2]!) && /[A-Za-z]{2,}\s+[A-Za-z]{2,}/.test(m[2]!)) {
    const reason = reasonOf(new Error(m[2]!));
    return message.startsWith(`${file}：`) ? `${file}：${reason}` : `${m[1]}（${reason}）${m[3]}`;
  }
  return message;
}
