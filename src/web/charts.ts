// Charts drawn on the server with ECharts' SVG renderer (no DOM, no client script): applications by year, the mix
// of outcomes, 复议/诉讼 correction rates, and agency rankings. Pages show them as <img> of an SVG route — an SVG
// loaded as an image cannot run script — with the same figures in a table beside it for screen readers.
import * as echarts from 'echarts';

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
  const chart = echarts.init(null, null, {
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
      textStyle: { fontFamily: FONT, color: '#1b1b1b' },
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
  textStyle: { fontSize: 15, fontWeight: 'normal' },
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
      legend: o.series.length > 1 ? { bottom: 4 } : undefined,
      grid: { left: 56, right: 24, top: 48, bottom: o.series.length > 1 ? 56 : 36 },
      xAxis: { type: 'category', data: [...o.categories], axisLabel: { interval: 0 } },
      yAxis: {
        type: 'value',
        name: o.yName,
        minInterval: o.percent ? undefined : 1,
        max: o.percent ? 100 : undefined,
        axisLabel: o.percent ? { formatter: '{value}%' } : undefined,
      },
      series: o.series.map((s) => ({
        type: 'bar',
        name: s.name,
        data: [...s.data],
        label: { show: true, position: 'top', formatter: o.percent ? '{c}%' : '{c}' },
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
      grid: { left: 220, right: 48, top: 40, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        data: items.map((i) => shorten(i.name, 16)),
        axisLabel: { interval: 0 },
      },
      series: [
        {
          type: 'bar',
          data: items.map((i) => i.value),
          label: { show: true, position: 'right' },
          barMaxWidth: 22,
        },
      ],
    },
    { width: o.width ?? 640, height: o.height ?? Math.max(160, 60 + items.length * 28) },
  );
}

/** A ring of shares, e.g. how the applications concluded this year were answered. */
export function pieChart(
  o: { title: string; items: readonly { name: string; value: number }[] } & Size,
): string {
  const items = o.items.filter((i) => i.value > 0);
  return render(
    {
      title: titleOf(o.title),
      legend: { orient: 'vertical', right: 8, top: 'middle' },
      series: [
        {
          type: 'pie',
          radius: ['35%', '65%'],
          center: ['35%', '55%'],
          data: items.map((i) => ({ name: i.name, value: i.value })),
          label: { formatter: '{c}' },
        },
      ],
      graphic: items.length
        ? undefined
        : [
            {
              type: 'text',
              left: 'center',
              top: 'middle',
              style: { text: '无数据', fontSize: 14, fill: '#666' },
            },
          ],
    },
    o,
  );
}

const shorten = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
