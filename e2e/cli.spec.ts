import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImageReport } from '../src/pipeline/automation-contract.ts';
import { expect, fixtures, test } from './helpers.ts';

const kinora = join(fixtures, '..', '..', 'bin', 'kinora.mjs');

function run(...args: string[]) {
  return spawnSync(process.execPath, [kinora, ...args], { encoding: 'utf8', timeout: 180_000 });
}

test('kinora detect --json reports every face in original pixels, and bad files as errors', async () => {
  test.setTimeout(180_000);
  const group = join(fixtures, 'photos', 'pd_color_group2_obama-biden-official.jpg');
  const broken = join(fixtures, 'bad', 'truncated.jpg');
  const result = run('detect', '--json', group, broken);
  expect(result.status).toBe(0);
  const reports = JSON.parse(result.stdout) as ImageReport[];
  expect(reports.map((r) => r.file)).toEqual([group, broken]);

  const [photo, bad] = reports;
  expect([photo!.width, photo!.height]).toEqual([1126, 661]);
  expect(photo!.faces).toHaveLength(2);
  for (const face of photo!.faces) {
    expect(face.landmarks).toHaveLength(478);
    expect(face.landmarks.every((p) => p.length === 3 && p.every(Number.isFinite))).toBe(true);
    const [x, y, w, h] = face.box;
    // Landmarks lie on the face, in the photo's own pixels.
    const nose = face.landmarks[1]!;
    expect(nose[0]).toBeGreaterThan(x);
    expect(nose[0]).toBeLessThan(x + w);
    expect(nose[1]).toBeGreaterThan(y);
    expect(nose[1]).toBeLessThan(y + h);
    expect(face.score).toBeGreaterThan(0.5);
  }
  // Left to right: Obama, then Biden.
  expect(photo!.faces[0]!.box[0]).toBeLessThan(photo!.faces[1]!.box[0]);
  expect(bad!.error).toMatch(/incomplete/);
  expect(bad!.faces).toEqual([]);
});

test('kinora detect exits non-zero only when every image failed, and documents itself', async () => {
  test.setTimeout(180_000);
  const failed = run('detect', '--json', join(fixtures, 'bad', 'not-an-image.txt'), join(fixtures, 'missing.jpg'));
  expect(failed.status).toBe(1);
  const reports = JSON.parse(failed.stdout) as ImageReport[];
  expect(reports).toHaveLength(2);
  expect(reports.every((r) => typeof r.error === 'string')).toBe(true);

  const help = run('detect', '--help');
  expect(help.status).toBe(0);
  expect(help.stdout).toContain('--json');
  expect(run('frobnicate').status).toBe(2);
});

test('kinora animate writes the frames, the report and a looping GIF', async () => {
  test.setTimeout(240_000);
  const out = mkdtempSync(join(tmpdir(), 'kinora-animate-'));
  const photo = join(fixtures, 'photos', 'pd_color_grace-hopper_glasses_elderly.jpg');
  const result = run(
    'animate', photo, '--driver', 'blink', '--size', '256',
    '--frames', join(out, 'frames'), '--report', join(out, 'report.json'), '--out', join(out, 'blink.gif'),
  );
  expect(result.status, result.stderr).toBe(0);
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  expect(Object.keys(report)).toEqual(['driver', 'face', 'width', 'height', 'fps', 'backend', 'timings', 'source', 'targets', 'faces']);
  expect([report.driver, report.face, report.width, report.height, report.fps]).toEqual(['blink', 1, 256, 256, 25]);
  expect(report.source).toHaveLength(478);
  const frames = readdirSync(join(out, 'frames')).filter((f) => /^frame-\d{4}\.png$/.test(f));
  expect(report.targets).toHaveLength(frames.length);
  expect(frames.length).toBeGreaterThan(50);
  const gif = readFileSync(join(out, 'blink.gif'));
  expect(gif.subarray(0, 6).toString('latin1')).toBe('GIF89a');
  expect(gif.includes(Buffer.from('NETSCAPE2.0'))).toBe(true);
  const identify = spawnSync('identify', ['-format', '%n %w %h %c\n', join(out, 'blink.gif')], { encoding: 'utf8' });
  if (identify.status === 0) expect(identify.stdout.split('\n')[0]).toMatch(new RegExp(`^${frames.length} 256 256 .*Kinora`));
});

test('kinora animate --face all animates every face in one render, with targets per face', async () => {
  test.setTimeout(240_000);
  const out = mkdtempSync(join(tmpdir(), 'kinora-group-'));
  const photo = join(fixtures, 'photos', 'made_group6_portrait-wall.jpg');
  const result = run('animate', photo, '--face', 'all', '--size', '384', '--report', join(out, 'report.json'));
  expect(result.status, result.stderr).toBe(0);
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  expect(report.faces.map((f: { face: number }) => f.face)).toEqual([1, 2, 3, 4, 5, 6]);
  for (const face of report.faces) {
    expect(face.source).toHaveLength(478);
    expect(face.targets).toHaveLength(report.targets.length);
  }
  // Not in unison: several motions, and no two faces with the same one start together.
  expect(new Set(report.faces.map((f: { driver: string }) => f.driver)).size).toBeGreaterThan(2);
  const starts = report.faces.map((f: { driver: string; phase: number }) => `${f.driver}@${f.phase}`);
  expect(new Set(starts).size).toBe(6);
  expect(result.stdout).toMatch(/^.*made_group6_portrait-wall\.jpg: faces 1 [a-z-]+, 2 [a-z-]+, .*6 [a-z-]+: \d+ frames, 384x256 px/);
});

test('kinora animate --out x.mp4 --no-mark writes an H.264 MP4 with the note', async () => {
  test.skip(spawnSync('ffprobe', ['-version']).status !== 0, 'needs ffprobe (Debian); .ci/run installs it');
  test.setTimeout(240_000);
  const file = join(mkdtempSync(join(tmpdir(), 'kinora-animate-')), 'nod.mp4');
  const result = run('animate', join(fixtures, 'photos', 'painting_william-smith-oil-portrait.jpg'), '--driver', 'nod', '--size', '300', '--out', file, '--no-mark');
  expect(result.status, result.stderr).toBe(0);
  expect(result.stdout).toMatch(/face 1: 85 frames, 232x300 px, MP4/);
  expect(result.stderr).toMatch(/wrote MP4 .*nod\.mp4/);
  const probe = JSON.parse(spawnSync('ffprobe', ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file], { encoding: 'utf8' }).stdout);
  const video = probe.streams[0];
  expect([video.codec_name, video.pix_fmt, video.width, video.height, Number(video.nb_frames)]).toEqual(['h264', 'yuv420p', 232, 300, 85]);
  expect(probe.format.tags.comment).toMatch(/still photo with Kinora/);
});
