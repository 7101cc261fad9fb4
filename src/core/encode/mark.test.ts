import { describe, expect, it } from 'vitest';
import { animatedMark, drawMark } from './mark.ts';

function grey(width: number, height: number, value: number): Uint8ClampedArray {
  const frame = new Uint8ClampedArray(width * height * 4).fill(value);
  return frame;
}

describe('animatedMark', () => {
  it('sits in the bottom-right corner, inside the frame, and grows with the frame up to a limit', () => {
    const sizes = [
      [240, 180],
      [512, 400],
      [1080, 810],
      [4000, 3000],
    ] as const;
    const marks = sizes.map(([w, h]) => ({ w, h, mark: animatedMark(w, h) }));
    for (const { w, h, mark } of marks) {
      expect(mark.x).toBeGreaterThan(w / 2);
      expect(mark.y).toBeGreaterThan(h / 2);
      expect(mark.x + mark.width).toBeLessThan(w);
      expect(mark.y + mark.height).toBeLessThan(h);
      expect(mark.rgba.length).toBe(mark.width * mark.height * 4);
    }
    expect(marks[1]!.mark.height).toBeGreaterThan(marks[0]!.mark.height);
    expect(marks[3]!.mark.height).toBe(marks[2]!.mark.height);
  });

  it('draws white ink on a translucent pill, leaving the rest of the frame untouched', () => {
    const [w, h] = [512, 400];
    const mark = animatedMark(w, h);
    const frame = grey(w, h, 128);
    drawMark(frame, w, h, mark);
    let brighter = 0;
    let darker = 0;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const v = frame[4 * (y * w + x)]!;
        const inside = x >= mark.x && x < mark.x + mark.width && y >= mark.y && y < mark.y + mark.height;
        if (!inside) expect(v).toBe(128);
        else if (v > 200) brighter++;
        else if (v < 100) darker++;
      }
    }
    expect(brighter).toBeGreaterThan(50); // the letters
    expect(darker).toBeGreaterThan(mark.width * mark.height * 0.3); // the pill
  });

  it('clips to a frame too small to hold it', () => {
    const frame = grey(20, 10, 0);
    expect(() => drawMark(frame, 20, 10, animatedMark(20, 10))).not.toThrow();
  });
});
