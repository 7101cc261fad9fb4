// Measures "Enhance" on real faces: each face crop is shrunk 4x (antialiased bicubic, the usual super-resolution protocol), brought back by
// bicubic upscaling and by the model (as the app runs it: tiled, the photo's colour kept), and
// both are compared with the original crop: PSNR (RGB, dB) and sharpness (Laplacian variance of
// the luma, ÷ the original's). The model must beat bicubic.
//
//   npx tsx scripts/enhance-eval.ts [--model slim|medium] [--sheet DIR] [photo...]
//
// Faces come from `kinora detect --json` (needs `npm run build`); photos default to
// ../shared/fixtures/photos (else e2e/fixtures/photos). Decoding and cropping use ImageMagick.
// --sheet DIR writes DIR/sheet.png: per face, bicubic | enhanced | original, the crop's middle at 2x.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ENHANCE_FACTOR } from '../src/core/enhance/contract.ts';
import { enhancePlanar } from '../src/core/enhance/enhance.ts';
import { downscaleCubic, upscaleCubic } from '../src/core/image/resample.ts';
import { planarToRgba, rgbaToPlanar } from '../src/core/generator/reference.ts';
import { laplacianVariance } from '../src/core/quality/believability.ts';
import { rgbPsnr } from '../src/core/quality/psnr.ts';
import type { ImageReport } from '../src/pipeline/automation-contract.ts';
import { buildEnhanceModel, type EnhanceVariant } from './enhance-model/enhance-model.ts';
import { nodeUpscaler } from './enhance-model/node-runner.ts';

/** Crops are at most this many pixels a side (larger faces are shrunk first): the model sees 128 px. */
const CROP_SIDE = 512;
/** The face box is widened by this much, so the crop holds hair and the face's outline. */
const CROP_MARGIN = 1.3;

const root = resolve(import.meta.dirname, '..');

function parseArgs(argv: string[]) {
  let variant: EnhanceVariant = 'slim';
  let sheet: string | undefined;
  const photos: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--model') {
      const value = argv[++i];
      if (value !== 'slim' && value !== 'medium') throw new Error('--model is slim or medium');
      variant = value;
    } else if (arg === '--sheet') sheet = argv[++i];
    else photos.push(arg);
  }
  if (photos.length === 0) {
    const dir = [resolve(root, '../shared/fixtures/photos'), resolve(root, 'e2e/fixtures/photos')].find(existsSync)!;
    photos.push(...readdirSync(dir).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort().map((f) => join(dir, f)));
  }
  return { variant, sheet, photos };
}

/** The face's square crop (side a multiple of 4 after shrinking to ≤ CROP_SIDE) as RGBA. */
function faceCrop(photo: string, report: ImageReport, box: [number, number, number, number]) {
  const side = Math.min(Math.round(Math.max(box[2], box[3]) * CROP_MARGIN), report.width, report.height);
  const x = Math.round(Math.min(Math.max(0, box[0] + box[2] / 2 - side / 2), report.width - side));
  const y = Math.round(Math.min(Math.max(0, box[1] + box[3] / 2 - side / 2), report.height - side));
  const out = Math.floor(Math.min(side, CROP_SIDE) / ENHANCE_FACTOR) * ENHANCE_FACTOR;
  const rgba = execFileSync('convert', [photo, '-auto-orient', '-colorspace', 'sRGB', '-crop', `${side}x${side}+${x}+${y}`, '+repage', '-resize', `${out}x${out}!`, '-depth', '8', 'rgba:-'], {
    maxBuffer: 1 << 28,
  });
  return { data: new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, rgba.length), width: out, height: out };
}

/** The sheet shows the middle of each crop (eyes, nose, mouth) at this many pixels, then 2x. */
const SHEET_CROP = 160;

function writeSheetTile(path: string, planar: Float32Array, side: number): void {
  const { data } = planarToRgba(planar, side, side);
  const cut = Math.min(side, SHEET_CROP);
  const offset = Math.floor((side - cut) / 2);
  execFileSync('convert', ['-size', `${side}x${side}`, '-depth', '8', 'rgba:-', '-crop', `${cut}x${cut}+${offset}+${offset}`, '+repage', '-filter', 'point', '-resize', '200%', path], { input: data });
}

const sharpnessOf = (planar: Float32Array, side: number) =>
  laplacianVariance(planarToRgba(planar, side, side).data, side, side, { x: 0, y: 0, width: side, height: side }) ?? 0;

async function main() {
  const { variant, sheet, photos } = parseArgs(process.argv.slice(2));
  const detected = JSON.parse(execFileSync('npx', ['tsx', join(root, 'cli/main.ts'), 'detect', '--json', ...photos], { maxBuffer: 1 << 28, encoding: 'utf8' })) as ImageReport[];
  const upscale = await nodeUpscaler(buildEnhanceModel(join(root, 'node_modules'), variant));
  const rows: string[][] = [];
  const gains: number[] = [];
  const tiles: string[] = [];
  if (sheet) mkdirSync(sheet, { recursive: true });
  for (const [p, report] of detected.entries()) {
    const face = report.faces.find((f) => !f.tooSmall);
    if (!face) {
      rows.push([report.file.split('/').pop()!, report.error ?? 'no face', '', '', '', '', '']);
      continue;
    }
    const crop = faceCrop(photos[p]!, report, face.box);
    const side = crop.width;
    const original = rgbaToPlanar(crop);
    const low = downscaleCubic(original, side, side, ENHANCE_FACTOR);
    const lowSide = side / ENHANCE_FACTOR;
    const bicubic = upscaleCubic(low, lowSide, lowSide, side, side);
    const started = performance.now();
    const enhanced = await enhancePlanar(low, lowSide, lowSide, upscale, { factor: ENHANCE_FACTOR });
    const ms = performance.now() - started;
    const rgba = (planar: Float32Array) => planarToRgba(planar, side, side).data;
    const psnrBicubic = rgbPsnr(rgba(bicubic), crop.data);
    const psnrEnhanced = rgbPsnr(rgba(enhanced), crop.data);
    const sharp = sharpnessOf(original, side);
    gains.push(psnrEnhanced - psnrBicubic);
    rows.push([
      report.file.split('/').pop()!,
      `${side}`,
      psnrBicubic.toFixed(2),
      psnrEnhanced.toFixed(2),
      (psnrEnhanced - psnrBicubic).toFixed(2),
      `${(sharpnessOf(bicubic, side) / sharp).toFixed(2)} / ${(sharpnessOf(enhanced, side) / sharp).toFixed(2)}`,
      ms.toFixed(0),
    ]);
    if (sheet) {
      const base = join(sheet, String(p).padStart(2, '0'));
      const name = report.file.split('/').pop()!.replace(/\.[a-z]+$/i, '');
      for (const [suffix, planar] of [['a-bicubic', bicubic], ['b-enhanced', enhanced], ['c-original', original]] as const) {
        writeSheetTile(`${base}-${suffix}.png`, planar, side);
        tiles.push('-label', `${name.slice(0, 28)} ${suffix.slice(2)}`, `${base}-${suffix}.png`);
      }
    }
  }
  const header = ['photo', 'crop px', 'bicubic dB', `${variant} dB`, 'gain dB', 'sharpness bic/enh', 'enhance ms'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  const mean = gains.reduce((a, b) => a + b, 0) / Math.max(1, gains.length);
  console.log(`mean gain over bicubic: ${mean.toFixed(2)} dB on ${gains.length} faces (${gains.filter((g) => g > 0).length} better)`);
  if (sheet && tiles.length) {
    execFileSync('montage', [...tiles, '-tile', '3x', '-geometry', '+4+4', '-background', '#444', '-fill', 'white', '-pointsize', '12', join(sheet, 'sheet.png')]);
    writeFileSync(join(sheet, 'README.txt'), `Per face: bicubic | enhanced | original, the middle ${SHEET_CROP} px of the crop at 2x (nearest). The bicubic and enhanced crops are made from the original shrunk 4x.\n`);
    console.log(`sheet: ${join(sheet, 'sheet.png')}`);
  }
  if (!(mean > 0)) process.exitCode = 1;
}

await main();
