// Charts drawn on the server with ECharts' SVG renderer (no DOM, no client script): applications by year, the mix
// of outcomes, 复议/诉讼 correction rates, and agency rankings. Pages show them as <img> of an SVG route — an SVG
// loaded as an image cannot run script — at their natural width (640 px), so the 13 px labels drawn here are 13 px
// on screen, with the same figures in a table beside them. A year without a report is a gap (null), never a zero.
import { createRequire } from 'node:module';

// ECharts is loaded on the first chart drawn, not at start: it is ~1.2 s of CPU, the largest part of a start's
// module graph (ADR 0004). `require` keeps the chart functions synchronous; its build is the same ECharts.
type ECharts = typeof import('echarts');
let loaded: ECharts | null = null;
const echartsLib = (): ECharts => {
  loaded ??= createRequire(import.meta.url)('echarts') as ECharts;
  return loaded;
};

// Single quotes: ECharts writes the family into a double-quoted SVG attribute without escaping it.
const FONT = "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', sans-serif";
const PALETTE = [
  '#1f5fa8',
  '#c0392b',
  '#2e8b57',
  '#d4a017',
  '#6c4f9c',
  '#2a9d8f',
  '#8d6e63',
  '#5c6b7a',
  '#e07a5f',
];

export interface Series {
  readonly name: string;
  readonly data: readonly (number | null)[];
}

interface Size {
  readonly width?: number;
  readonly height?: number;
}

function render(option: Record<string, unknown>, size: Size): string {
  const chart = echartsLib().init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: size.width ?? 640,
    height: size.height ?? 320,
  });
  try {
    chart.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      color: PALETTE,
      textStyle: { fontFamily: FONT, color: '#1b1b1b', fontSize: 13 },
      ...option,
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

const titleOf = (text: string) => ({
  text,
  left: 'center',
  top: 6,
  textStyle: { fontSize: 16, fontWeight: 'normal' },
});

/** Vertical bars (one series or several side by side), e.g. applications received per year. */
export function barChart(
  o: {
    title: string;
    categories: readonly string[];
    series: readonly Series[];
    yName?: string;
    percent?: boolean;
  } & Size,
): string {
  return render(
    {
      title: titleOf(o.title),
      legend: o.series.length > 1 ? { bottom: 4, textStyle: { fontSize: 13 } } : undefined,
      grid: { left: 16, right: 24, top: 56, bottom: o.series.length > 1 ? 44 : 16, containLabel: true },
      xAxis: {
        type: 'category',
        // A year no report covers is labelled as such: its empty slot is a gap, not a zero.
        data: o.categories.map((c, i) => (o.series.every((s) => s.data[i] == null) ? `${c}\n（无数据）` : c)),
        axisLabel: { interval: 0, fontSize: 13 },
      },
      yAxis: {
        type: 'value',
        name: o.yName,
        nameTextStyle: { fontSize: 13 },
        minInterval: o.percent ? undefined : 1,
        max: o.percent ? 100 : undefined,
        axisLabel: { fontSize: 13, ...(o.percent ? { formatter: '{value}%' } : {}) },
      },
      series: o.series.map((s) => ({
        type: 'bar',
        name: s.name,
        data: s.data.map((v) => (v == null ? '-' : v)),
        label: { show: true, position: 'top', fontSize: 12, formatter: o.percent ? '{c}%' : '{c}' },
        barMaxWidth: 48,
      })),
    },
    o,
  );
}

/** Horizontal bars sorted as given (largest first): a ranking of agencies. */
export function rankingChart(
  o: { title: string; items: readonly { name: string; value: number }[] } & Size,
): string {
  const items = [...o.items].reverse(); // ECharts draws the first category at the bottom
  return render(
    {
      title: titleOf(o.title),
      // containLabel: the grid makes room for the longest agency name instead of cutting it off.
      grid: { left: 12, right: 48, top: 48, bottom: 16, containLabel: true },
      xAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: 13 } },
      yAxis: {
        type: 'category',
        data: items.map((i) => shorten(i.name, 22)),
        axisLabel: { interval: 0, fontSize: 13 },
      },
      series: [
        {
          type: 'bar',
          data: items.map((i) => i.value),
          label: { show: true, position: 'right', fontSize: 12 },
          barMaxWidth: 22,
        },
      ],
    },
    { width: o.width ?? 640, height: o.height ?? Math.max(160, 70 + items.length * 30) },
  );
}

/** A ring of shares, e.g. how the applications concluded this year were answered. */
export function pieChart(
  o: {
    title: string;
    items: readonly { name: string; value: number }[];
    /** What to say when every value is 0 (default: 无数据（各项均为 0）). */
    empty?: string;
  } & Size,
): string {
  const items = o.items.filter((i) => i.value > 0);
  return render(
    {
      title: titleOf(o.title),
      legend: { orient: 'vertical', right: 8, top: 'middle', textStyle: { fontSize: 13 } },
      series: [
        {
          type: 'pie',
          radius: ['35%', '65%'],
          center: ['35%', '55%'],
          data: items.map((i) => ({ name: i.name, value: i.value })),
          label: { formatter: '{c}', fontSize: 13 },
          // Every share 0: no grey ring that reads as a chart of something, only the sentence below.
          showEmptyCircle: false,
        },
      ],
      graphic: items.length
        ? undefined
        : [
            {
              type: 'text',
              left: 'center',
              top: 'middle',
              z: 100,
              style: { text: o.empty ?? '无数据（各项均为 0）', fontSize: 22, fill: '#555' },
            },
          ],
    },
    o,
  );
}

const shorten = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
