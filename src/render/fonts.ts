// Typefaces of a 党政机关公文 (GB/T 9704—2012 §7.3, §7.4): title in 小标宋, first-level headings in 黑体, body in
// 仿宋_GB2312. A document can name one face per run, so each role is a chain: the official face first, then what a
// machine without the official (commercial) faces has. The DOCX for distribution names the official faces; the PDF
// path names the first face of each chain installed where LibreOffice runs, so that it never falls back silently to
// a Japanese glyph set (stack-notes: LibreOffice with only fonts-noto-cjk picks NotoSerifCJKjp for Chinese text).

export interface FontSet {
  readonly title: string;
  readonly heading: string;
  readonly body: string;
}

export const FONT_CHAINS: { readonly [K in keyof FontSet]: readonly string[] } = {
  title: ['方正小标宋简体', '方正小标宋_GBK', 'Noto Serif CJK SC'],
  heading: ['黑体', 'SimHei', 'Noto Sans CJK SC'],
  body: ['仿宋_GB2312', '仿宋', 'FangSong', 'Noto Serif CJK SC'],
};

/** The official faces, for a document opened on an office machine. */
export const OFFICIAL_FONTS: FontSet = {
  title: FONT_CHAINS.title[0]!,
  heading: FONT_CHAINS.heading[0]!,
  body: FONT_CHAINS.body[0]!,
};

/** For each role, the first face of its chain that is installed, else the chain's last (the free fallback). */
export function resolveFonts(installed: ReadonlySet<string>): FontSet {
  const pick = (chain: readonly string[]) => chain.find((f) => installed.has(f)) ?? chain[chain.length - 1]!;
  return { title: pick(FONT_CHAINS.title), heading: pick(FONT_CHAINS.heading), body: pick(FONT_CHAINS.body) };
}
