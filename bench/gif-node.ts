/**
 * `npx tsx bench/gif-node.ts [--frames N] [--size PX]`: times the GIF encoder (src/core/encode/gif.ts,
 * wall and CPU seconds) in Node on real photos animated like a face (250 frames at 512 px by default), then decodes each
 * GIF with ImageMagick and prints its size and the blurred PSNR (sigma 1) of every frame against
 * the original. Also a worst case: every pixel changes in every frame.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { GifEncoder } from '../src/core/encode/gif.ts';
import { decodeWithImageMagick, faceAnimationFrame, loadPhoto, type Rgba } from '../src/core/encode/gif-test-helpers.ts';
import { blurredPsnr } from '../src/core/quality/psnr.ts';

const PHOTOS = [
  ['colour', 'e2e/fixtures/photos/pd_color_astronaut-eileen-collins.png'],
  ['colour', 'e2e/fixtures/photos/pd_color_grace-hopper_glasses_elderly.jpg'],
  ['black-and-white', 'e2e/fixtures/photos/old_bw_thoreau-1856-daguerreotype-beard.jpg'],
  ['sepia', 'e2e/fixtures/photos/old_sepia_renoir-seated-beard-cap.jpg'],
] as const;

/** Every pixel a little brighter or darker than in the frame before (a flickering or noisy source). */
function flickerFrame(photo: Rgba, index: number, count: number, out: Uint8Array): Uint8Array {
  faceAnimationFrame(photo, index, count, out);
  const delta = (index % 3) - 1;
  for (let i = 0; i < out.length; i++) if ((i & 3) !== 3) out[i] = Math.max(0, Math.min(255, out[i]! + delta));
  return out;
}

type FrameMaker = (photo: Rgba, index: number, count: number, out: Uint8Array) => Uint8Array;

function run(label: string, photo: Rgba, frameCount: number, makeFrame: FrameMaker, tmp: string): void {
  const { width, height } = photo;
  const frame = new Uint8Array(width * height * 4);
  // Wall time, and CPU time: on a shared machine the process may wait for a core.
  let wallMs = 0;
  let cpuUs = 0;
  const timed = <T>(work: () => T): T => {
    const wall = performance.now();
    const cpu = process.cpuUsage();
    const result = work();
    const used = process.cpuUsage(cpu);
    cpuUs += used.user + used.system;
    wallMs += performance.now() - wall;
    return result;
  };
  const encoder = timed(() => new GifEncoder({ width, height, fps: 25, comment: 'kinora bench' }));
  for (let i = 0; i < frameCount; i++) {
    makeFrame(photo, i, frameCount, frame);
    timed(() => encoder.addFrame(frame));
  }
  const gif = timed(() => encoder.finish());
  const file = path.join(tmp, 'bench.gif');
  writeFileSync(file, gif);
  const decoded = decodeWithImageMagick(file, gif, width, height);
  const psnr = decoded.canvases.map((canvas, i) => blurredPsnr(canvas, makeFrame(photo, i, frameCount, frame), width, height)).sort((a, b) => a - b);
  console.log(
    [
      label.padEnd(44),
      `${width}x${height}`,
      `${frameCount} frames`,
      `${(wallMs / 1000).toFixed(2)} s (CPU ${(cpuUs / 1e6).toFixed(2)} s)`,
      `${(gif.length / 1024).toFixed(0)} KiB`,
      `PSNR min ${psnr[0]!.toFixed(2)} median ${psnr[psnr.length >> 1]!.toFixed(2)} dB`,
    ].join('  '),
  );
}

const { values } = parseArgs({ options: { frames: { type: 'string', default: '250' }, size: { type: 'string', default: '512' } } });
const frameCount = Number(values.frames);
const size = Number(values.size);
const tmp = mkdtempSync(path.join(tmpdir(), 'kinora-gif-bench-'));
try {
  for (const [kind, file] of PHOTOS) {
    const photo = loadPhoto(file, size);
    run(`${kind} ${path.basename(file).slice(0, 28)}`, photo, frameCount, faceAnimationFrame, tmp);
  }
  const photo = loadPhoto(PHOTOS[0][1], size);
  run('worst case: every pixel changes every frame', photo, frameCount, flickerFrame, tmp);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
