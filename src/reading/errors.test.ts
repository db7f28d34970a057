// Every reader exception becomes a Chinese sentence naming the file (issue 12): pdf.js's exceptions by name, other
// library errors by what they say, a reader's own bug plainly, and an English aside inside a reader's Chinese
// message translated.
import { describe, expect, it } from 'vitest';
import { UnreadableError } from '../parse/index.ts';
import { isChineseMessage, refusalMessage } from './errors.ts';

const named = (name: string, message: string) => Object.assign(new Error(message), { name });

describe('refusalMessage', () => {
  it.each([
    [named('XRefEntryException', 'Bad (uncompressed) XRef entry: 36R'), /PDF 文件结构损坏（交叉引用表有误/],
    [named('PasswordException', 'No password given'), /PDF 已加密/],
    [named('InvalidPDFException', 'Invalid PDF structure.'), /PDF 文件已损坏或不完整/],
    [new RangeError('Maximum call stack size exceeded'), /嵌套过深/],
    [new Error('invalid zip data'), /压缩包结构损坏/],
    [new TypeError("Cannot read properties of undefined (reading 'x')"), /文件已损坏或格式不规范/],
  ])('%s', (e, want) => {
    const m = refusalMessage(e, 'm.pdf');
    expect(m).toMatch(/^m\.pdf：/);
    expect(m).toMatch(want);
    expect(isChineseMessage(m)).toBe(true);
    expect(m).not.toMatch(/XRef|undefined|Maximum/);
  });

  it('keeps a reader’s Chinese message, translating an English aside in it', () => {
    expect(
      refusalMessage(new UnreadableError('a.docx：DOCX 文件已损坏（ZIP 目录条目错误）', 'a.docx'), 'a.docx'),
    ).toBe('a.docx：DOCX 文件已损坏（ZIP 目录条目错误）');
    expect(
      refusalMessage(new UnreadableError('a.doc：这是 Word 97-2003（.doc）文件', 'a.doc'), 'a.doc'),
    ).toBe('a.doc：这是 Word 97-2003（.doc）文件');
    const m = refusalMessage(new UnreadableError('m.pdf：无法打开 PDF（Bad XRef entry）', 'm.pdf'), 'm.pdf');
    expect(m).toMatch(/^m\.pdf：PDF 文件结构损坏/);
  });
});
