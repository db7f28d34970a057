// The appeal verbs of `gongkai case` for an officer who works from the command line (in-process, a temp PGlite
// folder): a 复议 with the day its copy arrived, its decision 纠正 with a new reply ordered within 15 days, the
// new reply (`case rereply`), and a wrong entry refused in Chinese with exit code 2.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../src/cli/io.ts';
import { main } from '../src/cli/main.ts';

let dir: string;
let env: Record<string, string | undefined>;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gongkai-appeals-cli-'));
  env = { GONGKAI_TODAY: '2024-03-15', USER: 'tester', GONGKAI_DATA: join(dir, 'data') };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (s) => (out += s), stderr: (s) => (err += s), cwd: dir, env, isTTY: false };
  return { code: await main(argv, io), out, err };
}

describe('gongkai case appeal / appeal-result / rereply', () => {
  it('records a 复议, a 纠正 that orders a new reply, and the new reply', async () => {
    expect((await run('db:migrate')).code).toBe(0);
    expect(
      (await run('case', 'agency', 'add', '--code', 'jz', '--name', '甲镇人民政府', '--kind', 'township'))
        .code,
    ).toBe(0);
    const added = await run(
      ...['case', 'add', '--agency', 'jz', '--applicant-type', 'naturalPerson', '--applicant-name', '李四'],
      ...['--channel', 'inPerson', '--received', '2024-01-05', '--description', '征地补偿台账', '--json'],
    );
    const { code } = JSON.parse(added.out) as { code: string };
    expect(
      (await run('case', 'event', code, 'reply', '--on', '2024-01-20', '--outcome', 'unavailable.notHeld'))
        .code,
    ).toBe(0);
    const filed = await run(
      ...[
        'case',
        'appeal',
        code,
        '--kind',
        'review',
        '--filed',
        '2024-02-01',
        '--copy-received',
        '2024-02-03',
        '--json',
      ],
    );
    expect(filed.code).toBe(0);
    const appeal = JSON.parse(filed.out) as { id: number; copyReceivedOn: string };
    expect(appeal.copyReceivedOn).toBe('2024-02-03');
    const wrong = await run(
      'case',
      'appeal-result',
      String(appeal.id),
      '--result',
      'upheld',
      '--closed',
      '2024-03-01',
      '--redo',
    );
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('只有结果为“纠正”');
    const decided = await run(
      ...['case', 'appeal-result', String(appeal.id), '--result', 'corrected', '--closed', '2024-03-01'],
      ...['--redo', '--decision-received', '2024-03-04', '--redo-days', '15', '--json'],
    );
    expect(decided.code).toBe(0);
    expect((JSON.parse(decided.out) as { redoDueOn: string }).redoDueOn).toBe('2024-03-19');
    const again = await run('case', 'rereply', code, '--on', '2024-03-14', '--outcome', 'granted');
    expect(again.code).toBe(0);
    expect(again.out).toBe(`${code} 重新答复 2024-03-14（期限 2024-03-19）\n`);
    const twice = await run('case', 'rereply', code, '--on', '2024-03-15', '--outcome', 'granted');
    expect(twice.code).toBe(2);
    expect(twice.err).toContain('没有待重新答复的复议决定或判决');
  }, 120_000);
});
