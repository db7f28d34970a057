// `gongkai render`: every form from a real seed, the JSON it writes as an input again, and the failures a user meets
// (unknown form, no output, unreadable input, no LibreOffice) — exit 2, a Chinese message, nothing half-written.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli.ts';
import { seed } from './support/seeds.ts';

const hasSoffice = existsSync('/usr/bin/soffice') || existsSync('/usr/lib/libreoffice/program/soffice');
const s000 = seed('000');
const fresh = () => mkdtempSync(join(tmpdir(), 'gongkai-render-'));

/** Files in a directory other than the ones named: what a failed or finished run left behind. */
const leftovers = (dir: string, keep: string[] = []) => readdirSync(dir).filter((f) => !keep.includes(f));

const MAGIC: Record<string, (b: Buffer) => boolean> = {
  docx: (b) => b.subarray(0, 2).toString('latin1') === 'PK',
  xlsx: (b) => b.subarray(0, 2).toString('latin1') === 'PK',
  pdf: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  html: (b) => b.toString('utf8').startsWith('<!doctype html>'),
  md: (b) => b.toString('utf8').startsWith('# 北京市大兴区庞各庄镇人民政府2023年'),
  txt: (b) => b.toString('utf8').startsWith('北京市大兴区庞各庄镇人民政府2023年'),
  csv: (b) => b.toString('utf8').startsWith('\uFEFFkey,label,value\r\n'),
  json: (b) => JSON.parse(b.toString('utf8')).agency === '北京市大兴区庞各庄镇人民政府',
};

describe('gongkai render', () => {
  for (const form of Object.keys(MAGIC))
    it.skipIf(form === 'pdf' && !hasSoffice)(`writes ${form} from a seed report`, async () => {
      const dir = fresh();
      const out = join(dir, `report.${form}`);
      const { code, stdout, stderr } = await runCli(['render', s000.file, '--to', form, '-o', out]);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stdout).toContain(`已生成 ${out}`);
      expect(MAGIC[form]!(readFileSync(out))).toBe(true);
      expect(leftovers(dir, [`report.${form}`])).toEqual([]);
    });

  it('takes the form from the output name when --to is left out', async () => {
    const dir = fresh();
    const { code } = await runCli(['render', s000.file, '-o', join(dir, 'r.xlsx')]);
    expect(code).toBe(0);
    expect(MAGIC.xlsx!(readFileSync(join(dir, 'r.xlsx')))).toBe(true);
  });

  it('accepts the JSON it writes as input (JSON → DOCX)', async () => {
    const dir = fresh();
    const json = join(dir, 'r.json');
    const docx = join(dir, 'r.docx');
    expect((await runCli(['render', s000.file, '--to', 'json', '-o', json])).code).toBe(0);
    expect((await runCli(['render', json, '--to', 'docx', '-o', docx])).code).toBe(0);
    expect(JSON.parse(readFileSync(json, 'utf8')).fields).toEqual(s000.expected.fields);
    const xml = await (await JSZip.loadAsync(readFileSync(docx))).file('word/document.xml')!.async('string');
    expect(xml).toContain('北京市大兴区庞各庄镇人民政府2023年政府信息公开工作年度报告');
    expect(xml).toContain('>1038<');
  });

  it('writes text forms to stdout with -o -, and refuses a binary one there', async () => {
    const md = await runCli(['render', s000.file, '--to', 'md', '-o', '-']);
    expect(md.code).toBe(0);
    expect(md.stdout.startsWith('# 北京市大兴区庞各庄镇人民政府')).toBe(true);
    const docx = await runCli(['render', s000.file, '--to', 'docx', '-o', '-']);
    expect(docx.code).toBe(2);
    expect(docx.stderr).toContain('二进制格式');
  });

  it('unknown --to: exit 2, the forms it knows, nothing written', async () => {
    const dir = fresh();
    const { code, stderr } = await runCli(['render', s000.file, '--to', 'odt', '-o', join(dir, 'r.odt')]);
    expect(code).toBe(2);
    expect(stderr).toContain('未知格式 "odt"');
    expect(stderr).toContain('docx、html、md、txt、csv、xlsx、json、pdf');
    expect(leftovers(dir)).toEqual([]);
  });

  it('missing -o, or a name that says no form: exit 2 with a Chinese message', async () => {
    const noOut = await runCli(['render', s000.file, '--to', 'docx']);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain('缺少输出文件');
    const noForm = await runCli(['render', s000.file, '-o', join(fresh(), 'report.out')]);
    expect(noForm.code).toBe(2);
    expect(noForm.stderr).toContain('缺少 --to');
    const noInput = await runCli(['render', '--to', 'md', '-o', '-']);
    expect(noInput.code).toBe(2);
    expect(noInput.stderr).toContain('缺少报告文件');
  });

  it('an unreadable input: exit 2 naming the file, nothing written', async () => {
    const dir = fresh();
    const missing = join(dir, '不存在.txt');
    const a = await runCli(['render', missing, '--to', 'docx', '-o', join(dir, 'r.docx')]);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain(missing);
    expect(a.stderr).toContain('文件不存在');
    const badJson = join(dir, 'bad.json');
    writeFileSync(badJson, '{"fields": {"t3.received.total": "十三"}, "format": "2021"}');
    const b = await runCli(['render', badJson, '--to', 'docx', '-o', join(dir, 'r.docx')]);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('t3.received.total');
    const prose = join(dir, 'prose.txt');
    writeFileSync(prose, '这是一段没有任何表格的文字。\n');
    const c = await runCli(['render', prose, '--to', 'docx', '-o', join(dir, 'r.docx')]);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('没有读到年度报告的表格数据');
    expect(leftovers(dir, ['bad.json', 'prose.txt'])).toEqual([]);
  });

  it('an output directory that does not exist: exit 2, nothing written', async () => {
    const dir = fresh();
    const { code, stderr } = await runCli([
      'render',
      s000.file,
      '--to',
      'html',
      '-o',
      join(dir, 'no', 'r.html'),
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain('所在目录不存在');
    expect(leftovers(dir)).toEqual([]);
  });

  it('without LibreOffice: exit 2 naming libreoffice-writer-nogui, and an existing output is left as it was', async () => {
    const dir = fresh();
    const out = join(dir, 'r.pdf');
    writeFileSync(out, 'old');
    const { code, stderr } = await runCli(['render', s000.file, '--to', 'pdf', '-o', out], {
      ...process.env,
      GONGKAI_SOFFICE: join(dir, 'no-soffice'),
    });
    expect(code).toBe(2);
    expect(stderr).toContain('libreoffice-writer-nogui');
    expect(readFileSync(out, 'utf8')).toBe('old');
    expect(leftovers(dir, ['r.pdf'])).toEqual([]);
  });

  it('warns on stderr when the input had numbers it was not sure of', async () => {
    const dir = fresh();
    const json = join(dir, 'u.json');
    writeFileSync(
      json,
      JSON.stringify({
        format: '2021',
        agency: null,
        year: 2023,
        fields: { 't3.received.total': 3 },
        blank: [],
        uncertain: ['t3.received.total'],
        uncertainReasons: { 't3.received.total': '原文为约数（“约3件”）' },
        sections: {},
      }),
    );
    const { code, stderr } = await runCli(['render', json, '--to', 'md', '-o', join(dir, 'u.md')]);
    expect(code).toBe(0);
    expect(stderr).toContain('1 个数字解析不确定');
    expect(stderr).toContain('原文为约数');
  });

  it('warns when the input holds numbers the layout has no cell for, instead of dropping them silently', async () => {
    const dir = fresh();
    const json = join(dir, 'mixed.json');
    const fields = { 't3.received.total': 3, 't3.other.total': 2 };
    writeFileSync(
      json,
      JSON.stringify({
        format: '2021',
        agency: null,
        year: 2023,
        fields,
        blank: [],
        uncertain: [],
        sections: {},
      }),
    );
    const { code, stderr } = await runCli(['render', json, '--to', 'csv', '-o', join(dir, 'm.csv')]);
    expect(code).toBe(0);
    expect(stderr).toContain(
      '1 个字段不属于所用格式（表二 2021 版、表三 2021 版），未输出：表三 （六）其他处理 · 总计',
    );
  });

  it('is listed in help with a Chinese summary', async () => {
    const { stdout } = await runCli(['help']);
    expect(stdout).toMatch(/render\s+按官方格式输出年度报告/);
    const usage = await runCli(['help', 'render']);
    expect(usage.stdout).toContain('用法：gongkai render <报告文件> --to <格式> -o <输出文件>');
  });
});
