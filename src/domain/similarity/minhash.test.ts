import { describe, expect, it } from 'vitest';
import { prng } from '../report/synthesize.ts';
import { findSimilar, foldText, repeatedPassages, type SimDoc } from './minhash.ts';

const WORDS =
  '政府信息公开工作主动公开依申请公开平台建设监督保障教育培训组织领导制度建设门户网站新媒体政务服务'.split(
    '',
  );
function randomText(seed: number, sentences = 12): string {
  const r = prng(seed);
  return Array.from({ length: sentences }, () =>
    Array.from({ length: 20 + Math.floor(r() * 20) }, () => WORDS[Math.floor(r() * WORDS.length)]).join(''),
  ).join('。');
}

describe('copy detection', () => {
  it('folds digits so a copy with this year’s numbers is still a copy', () => {
    expect(foldText('2023年收到申请13件。')).toBe(foldText('2024年收到申请7件'));
  });

  it('finds the copied report among many and names the repeated passages', () => {
    const docs: SimDoc[] = Array.from({ length: 200 }, (_, i) => ({ id: `r${i}`, text: randomText(i) }));
    const copied = `${docs[17]!.text.replace(/。/, '。本年度新增一句完全不同的话作为伪装。')}`;
    docs.push({ id: 'copy', text: copied });
    const pairs = findSimilar(docs, { threshold: 0.6 });
    expect(pairs.map((p) => [p.a, p.b].sort())).toEqual([['copy', 'r17']]);
    expect(pairs[0]!.similarity).toBeGreaterThan(0.8);
    expect(pairs[0]!.passages.length).toBeGreaterThan(3);
  });

  it('honours the pair filter (e.g. only the same year)', () => {
    const t = randomText(1);
    const docs: SimDoc[] = [
      { id: 'a', text: t, group: '2023' },
      { id: 'b', text: t, group: '2022' },
    ];
    expect(findSimilar(docs, { filter: (x, y) => x.group === y.group })).toEqual([]);
    expect(findSimilar(docs)).toHaveLength(1);
  });

  it('repeatedPassages lists sentences both share, longest first', () => {
    const a = '我镇建立长效机制落实责任到人各科室均配备专人负责。今年新开通了政务服务热线并完成全部培训。';
    const b = '今年新开通了政务服务热线并完成全部培训。另有其他内容不相同的一句话在这里。';
    expect(repeatedPassages(a, b)).toEqual(['今年新开通了政务服务热线并完成全部培训']);
  });
});
