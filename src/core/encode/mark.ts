/**
 * The visible "animated" mark in a corner of exported files: a small translucent pill with a play
 * sign and the word ANIMATED, so nobody mistakes the animation for film of the person. Drawn from
 * vector strokes (no fonts), so it looks the same in every browser and machine.
 */

/** A sprite with straight (not premultiplied) alpha, and where it goes on the frame. */
export interface MarkSprite {
  x: number;
  y: number;
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
}

type Point = [number, number];

/** Capital letters as polylines on a 4 x 6 grid (y down), with their advance. */
const GLYPHS: Record<string, { advance: number; lines: Point[][] }> = {
  A: { advance: 4, lines: [[[0, 6], [2, 0], [4, 6]], [[0.75, 4], [3.25, 4]]] },
  N: { advance: 4, lines: [[[0, 6], [0, 0], [4, 6], [4, 0]]] },
  I: { advance: 0, lines: [[[0, 0], [0, 6]]] },
  M: { advance: 4.6, lines: [[[0, 6], [0, 0], [2.3, 4], [4.6, 0], [4.6, 6]]] },
  T: { advance: 4, lines: [[[0, 0], [4, 0]], [[2, 0], [2, 6]]] },
  E: { advance: 3.4, lines: [[[3.4, 0], [0, 0], [0, 6], [3.4, 6]], [[0, 3], [2.9, 3]]] },
  D: { advance: 4, lines: [[[0, 0], [0, 6], [2.2, 6], [4, 4.4], [4, 1.6], [2.2, 0], [0, 0]]] },
};
const WORD = 'ANIMATED';
const LETTER_GAP = 1.6;

/** Pill height as a share of the frame's long side, within these pixel bounds. */
const HEIGHT_SHARE = 0.045;
const MIN_HEIGHT = 16;
const MAX_HEIGHT = 44;

function distanceToSegment(p: Point, a: Point, b: Point): number {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
}

function insideTriangle(p: Point, [a, b, c]: [Point, Point, Point]): boolean {
  const side = (u: Point, v: Point) => (v[0] - u[0]) * (p[1] - u[1]) - (v[1] - u[1]) * (p[0] - u[0]);
  const [s1, s2, s3] = [side(a, b), side(b, c), side(c, a)];
  return (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0);
}

function insideRoundedRect(p: Point, width: number, height: number, radius: number): boolean {
  const cx = Math.min(Math.max(p[0], radius), width - radius);
  const cy = Math.min(Math.max(p[1], radius), height - radius);
  return Math.hypot(p[0] - cx, p[1] - cy) <= radius;
}

/** The mark for a frame of this size, placed in the bottom-right corner. */
export function animatedMark(frameWidth: number, frameHeight: number): MarkSprite {
  const height = Math.round(Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, HEIGHT_SHARE * Math.max(frameWidth, frameHeight))));
  const unit = (height * 0.42) / 6; // glyph grid unit, px
  const stroke = Math.max(1.1, unit * 0.95);
  const padding = height * 0.42;
  const icon = height * 0.36;
  const textWidth = [...WORD].reduce((sum, letter) => sum + GLYPHS[letter]!.advance, 0) * unit + (WORD.length - 1) * LETTER_GAP * unit;
  const width = Math.ceil(padding + icon + padding * 0.6 + textWidth + padding);

  // Everything in sprite pixels.
  const segments: [Point, Point][] = [];
  let penX = padding + icon + padding * 0.6;
  const top = (height - 6 * unit) / 2;
  for (const letter of WORD) {
    const glyph = GLYPHS[letter]!;
    for (const line of glyph.lines) {
      for (let i = 1; i < line.length; i++) {
        const [a, b] = [line[i - 1]!, line[i]!];
        segments.push([
          [penX + a[0] * unit, top + a[1] * unit],
          [penX + b[0] * unit, top + b[1] * unit],
        ]);
      }
    }
    penX += (glyph.advance + LETTER_GAP) * unit;
  }
  const play: [Point, Point, Point] = [
    [padding, height / 2 - icon / 2],
    [padding, height / 2 + icon / 2],
    [padding + icon * 0.87, height / 2],
  ];

  const rgba = new Uint8ClampedArray(width * height * 4);
  const SAMPLES = 4; // per axis: anti-aliasing by supersampling
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let pill = 0;
      let ink = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const p: Point = [x + (sx + 0.5) / SAMPLES, y + (sy + 0.5) / SAMPLES];
          if (!insideRoundedRect(p, width, height, height / 2)) continue;
          pill++;
          if (insideTriangle(p, play) || segments.some(([a, b]) => distanceToSegment(p, a, b) <= stroke / 2)) ink++;
        }
      }
      const n = SAMPLES * SAMPLES;
      // White ink over a translucent dark pill.
      const inkAlpha = ink / n;
      const pillAlpha = (pill / n) * 0.5;
      const alpha = inkAlpha + pillAlpha * (1 - inkAlpha);
      const o = 4 * (y * width + x);
      const value = alpha > 0 ? (255 * inkAlpha) / alpha : 0;
      rgba[o] = rgba[o + 1] = rgba[o + 2] = value;
      rgba[o + 3] = Math.round(255 * alpha);
    }
  }
  const margin = Math.round(height * 0.4);
  return { x: frameWidth - width - margin, y: frameHeight - height - margin, width, height, rgba };
}

/** Blends the mark onto an RGBA frame in place (the parts that fit, if the frame is tiny). */
export function drawMark(frame: Uint8ClampedArray | Uint8Array, frameWidth: number, frameHeight: number, mark: MarkSprite): void {
  for (let y = Math.max(0, -mark.y); y < mark.height && mark.y + y < frameHeight; y++) {
    for (let x = Math.max(0, -mark.x); x < mark.width && mark.x + x < frameWidth; x++) {
      const m = 4 * (y * mark.width + x);
      const alpha = mark.rgba[m + 3]! / 255;
      if (alpha === 0) continue;
      const f = 4 * ((mark.y + y) * frameWidth + mark.x + x);
      for (let c = 0; c < 3; c++) frame[f + c] = Math.round(frame[f + c]! * (1 - alpha) + mark.rgba[m + c]! * alpha);
    }
  }
}
