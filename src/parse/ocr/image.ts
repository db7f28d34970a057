// Grey images and the pixel work OCR needs before recognition: the red channel as grey (a red seal printed over
// text and tables fades to white), the background flattened (uneven lighting of a photo, yellowed paper), a global
// threshold, deskew, rotation and crops. Pure functions over typed arrays: no I/O, no native code.

export interface Gray {
  readonly w: number;
  readonly h: number;
  /** One byte a pixel, 0 = black, 255 = white, row-major. */
  readonly data: Uint8Array;
}

/**
 * An RGB(A) pixmap as grey, taken from the red channel: black ink stays black, red seals (high R, low G/B) turn
 * white, so a seal stamped over a number does not become part of it.
 *
 * Where the seal's ring or star is printed over ink, the pixel is still clearly red but darker than the seal over
 * paper (the ink shows through the seal's ink): those pixels are ink, not paper — taken as paper they cut a digit
 * or a table's ruling line in two ("0" read as "]", two rows run together). The seal's own brightness is measured on
 * the page (the common red of its pixels), so the rule follows the seal, not a fixed colour.
 */
export function redChannel(pixels: ArrayLike<number>, w: number, h: number, n: number, stride: number): Gray {
  const data = new Uint8Array(w * h);
  const isRed = (r: number, g: number) => r > 120 && r - g > 70;
  // The seal's red over paper: the upper part of the red pixels' brightness (most of a seal lies over paper).
  const hist = new Uint32Array(256);
  let reds = 0;
  for (let y = 0; y < h; y++) {
    const row = y * stride;
    for (let x = 0; x < w; x++) {
      const r = pixels[row + x * n]!;
      if (isRed(r, pixels[row + x * n + 1]!)) {
        hist[r]!++;
        reds++;
      }
    }
  }
  let seal = 255;
  if (reds > 200) {
    let acc = 0;
    for (let v = 0; v < 256; v++) {
      acc += hist[v]!;
      if (acc >= reds * 0.6) {
        seal = v;
        break;
      }
    }
  }
  // Red at the seal's brightness (less a wide margin: a seal's own pixels spread by noise and JPEG, and taken as
  // grey they draw the ring's outline, which the ruling finder takes for table lines) and above is paper; ink under
  // the seal is well darker (about 45 below the seal's red in a scan).
  const hi = Math.max(150, seal - 35);
  const lo = hi - 25;
  for (let y = 0; y < h; y++) {
    const row = y * stride;
    for (let x = 0; x < w; x++) {
      const r = pixels[row + x * n]!;
      const g = pixels[row + x * n + 1]!;
      // Black print under a seal's translucent fill stays dark in red (and is not "red": r − g is small): kept.
      data[y * w + x] = !isRed(r, g)
        ? r
        : r >= hi
          ? 255
          : r <= lo
            ? 40
            : Math.round(40 + ((r - lo) * 215) / (hi - lo));
    }
  }
  return { w, h, data };
}

/**
 * Flatten the background: estimate the paper's brightness per block (a high percentile, so ink does not count),
 * interpolate it, and divide. A photo lit from one side and a clean scan then look alike to the threshold.
 */
export function flatten(g: Gray, block = 48): Gray {
  const bw = Math.ceil(g.w / block);
  const bh = Math.ceil(g.h / block);
  const bg = new Float32Array(bw * bh);
  const hist = new Uint32Array(256);
  for (let by = 0; by < bh; by++)
    for (let bx = 0; bx < bw; bx++) {
      hist.fill(0);
      const x1 = Math.min(g.w, (bx + 1) * block);
      const y1 = Math.min(g.h, (by + 1) * block);
      let n = 0;
      for (let y = by * block; y < y1; y++)
        for (let x = bx * block; x < x1; x++) {
          hist[g.data[y * g.w + x]!]!++;
          n++;
        }
      // The 90th percentile: text covers far less than a tenth of a block of paper.
      let acc = 0;
      let v = 255;
      for (; v > 0; v--) {
        acc += hist[v]!;
        if (acc >= n * 0.1) break;
      }
      bg[by * bw + bx] = Math.max(v, 40);
    }
  // Smooth the block grid once (a block inside a large dark area would otherwise read as dark paper).
  const sm = new Float32Array(bw * bh);
  for (let by = 0; by < bh; by++)
    for (let bx = 0; bx < bw; bx++) {
      let m = 0;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const yy = Math.min(bh - 1, Math.max(0, by + dy));
          const xx = Math.min(bw - 1, Math.max(0, bx + dx));
          m = Math.max(m, bg[yy * bw + xx]!);
        }
      sm[by * bw + bx] = (m + bg[by * bw + bx]!) / 2;
    }
  const out = new Uint8Array(g.w * g.h);
  for (let y = 0; y < g.h; y++) {
    const fy = Math.min(bh - 1, Math.max(0, (y + 0.5) / block - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(bh - 1, y0 + 1);
    const ty = fy - y0;
    for (let x = 0; x < g.w; x++) {
      const fx = Math.min(bw - 1, Math.max(0, (x + 0.5) / block - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(bw - 1, x0 + 1);
      const tx = fx - x0;
      const b =
        (sm[y0 * bw + x0]! * (1 - tx) + sm[y0 * bw + x1]! * tx) * (1 - ty) +
        (sm[y1 * bw + x0]! * (1 - tx) + sm[y1 * bw + x1]! * tx) * ty;
      out[y * g.w + x] = Math.min(255, Math.round((g.data[y * g.w + x]! * 255) / b));
    }
  }
  return { w: g.w, h: g.h, data: out };
}

/** Otsu's threshold over the histogram. */
export function otsu(g: Gray): number {
  const hist = new Float64Array(256);
  for (let i = 0; i < g.data.length; i++) hist[g.data[i]!]!++;
  const total = g.data.length;
  let sum = 0;
  for (let i = 0; i < 256; i++) sum += i * hist[i]!;
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let t = 128;
  for (let i = 0; i < 256; i++) {
    wB += hist[i]!;
    if (!wB) continue;
    const wF = total - wB;
    if (!wF) break;
    sumB += i * hist[i]!;
    const mB = sumB / wB;
    const mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) ** 2;
    if (between > best) {
      best = between;
      t = i;
    }
  }
  return t;
}

/** 1 where ink (grey below the threshold). */
export function binarize(g: Gray, threshold: number): Uint8Array {
  const out = new Uint8Array(g.w * g.h);
  for (let i = 0; i < out.length; i++) out[i] = g.data[i]! < threshold ? 1 : 0;
  return out;
}

/**
 * The skew of the page in degrees (positive = text rises to the right... as y grows downwards, a line going down to
 * the right has a positive angle). Found by projection: the angle at which the rows of ink are sharpest.
 */
export function skewAngle(ink: Uint8Array, w: number, h: number, maxDeg = 4): number {
  // Sample the ink: every second pixel of every second row is plenty for a page.
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = 0; y < h; y += 2)
    for (let x = 0; x < w; x += 2)
      if (ink[y * w + x]) {
        xs.push(x);
        ys.push(y);
      }
  if (xs.length < 200) return 0;
  // Bins two pixels tall, as the rows are sampled every two pixels (finer bins would favour 0° by aliasing).
  const bins = new Float64Array((h + 2 * w) / 2 + 2);
  const score = (deg: number) => {
    const t = Math.tan((deg * Math.PI) / 180);
    bins.fill(0);
    const off = w;
    for (let i = 0; i < xs.length; i++) bins[Math.floor((ys[i]! - xs[i]! * t + off) / 2)]!++;
    let s = 0;
    for (let i = 0; i < bins.length; i++) s += bins[i]! * bins[i]!;
    return s;
  };
  let best = 0;
  let bestScore = -1;
  for (let d = -maxDeg; d <= maxDeg + 1e-9; d += 0.25) {
    const s = score(d);
    if (s > bestScore) {
      bestScore = s;
      best = d;
    }
  }
  const coarse = best;
  for (let d = coarse - 0.25; d <= coarse + 0.25 + 1e-9; d += 0.025) {
    const s = score(d);
    if (s > bestScore) {
      bestScore = s;
      best = d;
    }
  }
  return Math.round(best * 1000) / 1000;
}

/** Rotate by `deg` degrees about the centre (bilinear), white where the source has no pixel. */
export function rotate(g: Gray, deg: number): Gray {
  if (Math.abs(deg) < 0.02) return g;
  const a = (deg * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const cx = g.w / 2;
  const cy = g.h / 2;
  const out = new Uint8Array(g.w * g.h);
  for (let y = 0; y < g.h; y++)
    for (let x = 0; x < g.w; x++) {
      // Inverse mapping: where in the source does this output pixel come from.
      const dx = x - cx;
      const dy = y - cy;
      const sx = cos * dx - sin * dy + cx;
      const sy = sin * dx + cos * dy + cy;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= g.w || y0 + 1 >= g.h) {
        out[y * g.w + x] = 255;
        continue;
      }
      const tx = sx - x0;
      const ty = sy - y0;
      const i = y0 * g.w + x0;
      const v =
        (g.data[i]! * (1 - tx) + g.data[i + 1]! * tx) * (1 - ty) +
        (g.data[i + g.w]! * (1 - tx) + g.data[i + g.w + 1]! * tx) * ty;
      out[y * g.w + x] = Math.round(v);
    }
  return { w: g.w, h: g.h, data: out };
}

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/**
 * The box around the ink inside `r`, ignoring specks (connected components smaller than `minArea` pixels, as
 * noise leaves) and anything touching the edge of `r` for most of its length (a table line's remains).
 */
export function inkBox(ink: Uint8Array, w: number, r: Box, minArea = 6): Box | null {
  const W = r.w;
  const H = r.h;
  if (W <= 0 || H <= 0) return null;
  const seen = new Uint8Array(W * H);
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = -1;
  let y1 = -1;
  const stack: number[] = [];
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      if (seen[i] || !ink[(r.y + y) * w + r.x + x]) continue;
      // Flood one component.
      let area = 0;
      let cx0 = x;
      let cx1 = x;
      let cy0 = y;
      let cy1 = y;
      stack.push(i);
      seen[i] = 1;
      while (stack.length) {
        const j = stack.pop()!;
        const jx = j % W;
        const jy = (j - jx) / W;
        area++;
        if (jx < cx0) cx0 = jx;
        if (jx > cx1) cx1 = jx;
        if (jy < cy0) cy0 = jy;
        if (jy > cy1) cy1 = jy;
        for (const [nx, ny] of [
          [jx - 1, jy],
          [jx + 1, jy],
          [jx, jy - 1],
          [jx, jy + 1],
        ] as const) {
          if (nx < 0 || ny < 0 || nx >= W || ny >= H) continue;
          const k = ny * W + nx;
          if (seen[k] || !ink[(r.y + ny) * w + r.x + nx]) continue;
          seen[k] = 1;
          stack.push(k);
        }
      }
      if (area < minArea) continue;
      // A long thin component along the crop's border is a ruling line that survived the inset.
      const cw = cx1 - cx0 + 1;
      const ch = cy1 - cy0 + 1;
      if ((cw > W * 0.8 && ch <= 4) || (ch > H * 0.8 && cw <= 4)) continue;
      if (cx0 < x0) x0 = cx0;
      if (cy0 < y0) y0 = cy0;
      if (cx1 > x1) x1 = cx1;
      if (cy1 > y1) y1 = cy1;
    }
  if (x1 < 0) return null;
  return { x: r.x + x0, y: r.y + y0, w: x1 - x0 + 1, h: y1 - y0 + 1 };
}

/** Copy a rectangle of `src` into `dst` at (dx, dy). */
export function blit(src: Gray, r: Box, dst: Gray, dx: number, dy: number): void {
  for (let y = 0; y < r.h; y++) {
    const sy = r.y + y;
    if (sy < 0 || sy >= src.h || dy + y >= dst.h) continue;
    for (let x = 0; x < r.w; x++) {
      const sx = r.x + x;
      if (sx < 0 || sx >= src.w || dx + x >= dst.w) continue;
      dst.data[(dy + y) * dst.w + dx + x] = src.data[sy * src.w + sx]!;
    }
  }
}

export const blank = (w: number, h: number): Gray => ({ w, h, data: new Uint8Array(w * h).fill(255) });

/** Paint a rectangle white (a table region taken out before the page's running text is read). */
export function whiten(g: Gray, r: Box): void {
  for (let y = Math.max(0, r.y); y < Math.min(g.h, r.y + r.h); y++)
    g.data.fill(255, y * g.w + Math.max(0, r.x), y * g.w + Math.min(g.w, r.x + r.w));
}

/** Binary PGM (P5), which tesseract reads from stdin without a codec. */
export function toPgm(g: Gray): Uint8Array {
  const head = new TextEncoder().encode(`P5\n${g.w} ${g.h}\n255\n`);
  const out = new Uint8Array(head.length + g.data.length);
  out.set(head, 0);
  out.set(g.data, head.length);
  return out;
}

/** A cleaner grey for recognition: ink as 0, paper as 255, soft edges kept (tesseract binarises again). */
export function cleaned(g: Gray, threshold: number): Gray {
  const out = new Uint8Array(g.data.length);
  const lo = Math.max(0, threshold - 40);
  const hi = Math.min(255, threshold + 30);
  for (let i = 0; i < out.length; i++) {
    const v = g.data[i]!;
    out[i] = v <= lo ? 0 : v >= hi ? 255 : Math.round(((v - lo) * 255) / (hi - lo));
  }
  return { w: g.w, h: g.h, data: out };
}

/** Scale by an integer factor (bilinear): a small printed digit read again at a size the recogniser reads best. */
export function upscale(g: Gray, k: number): Gray {
  const w = g.w * k;
  const h = g.h * k;
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const sy = Math.min(g.h - 1, Math.max(0, (y + 0.5) / k - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(g.h - 1, y0 + 1);
    const ty = sy - y0;
    for (let x = 0; x < w; x++) {
      const sx = Math.min(g.w - 1, Math.max(0, (x + 0.5) / k - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(g.w - 1, x0 + 1);
      const tx = sx - x0;
      const v =
        (g.data[y0 * g.w + x0]! * (1 - tx) + g.data[y0 * g.w + x1]! * tx) * (1 - ty) +
        (g.data[y1 * g.w + x0]! * (1 - tx) + g.data[y1 * g.w + x1]! * tx) * ty;
      out[y * w + x] = Math.round(v);
    }
  }
  return { w, h, data: out };
}

/** A rectangle of `g` as its own image. */
export function crop(g: Gray, r: Box): Gray {
  const out = blank(r.w, r.h);
  blit(g, r, out, 0, 0);
  return out;
}

/** Where the seal is: its red pixels (as redChannel tells them) black, the rest white. */
export function sealMask(pixels: ArrayLike<number>, w: number, h: number, n: number, stride: number): Gray {
  const data = new Uint8Array(w * h).fill(255);
  for (let y = 0; y < h; y++) {
    const row = y * stride;
    for (let x = 0; x < w; x++) {
      const r = pixels[row + x * n]!;
      if (r > 120 && r - pixels[row + x * n + 1]! > 70) data[y * w + x] = 0;
    }
  }
  return { w, h, data };
}

/** Dark pixels of `g` inside `r` grown by `pad` on each side. */
export function inkIn(g: Gray, r: Box, pad = 0): number {
  let n = 0;
  for (let y = Math.max(0, r.y - pad); y < Math.min(g.h, r.y + r.h + pad); y++)
    for (let x = Math.max(0, r.x - pad); x < Math.min(g.w, r.x + r.w + pad); x++)
      if (g.data[y * g.w + x]! < 128) n++;
  return n;
}
