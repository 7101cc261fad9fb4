/**
 * Live mode as a user tries it, with Chromium's fake camera playing a real face (a photo animated
 * by the app, encoded by ffmpeg) and its fake microphone playing a tone: the photo follows the
 * face, a 5 s take with the voice becomes a motion, and its MP4 carries the sound. Camera and
 * microphone are off once live mode is left, and nothing leaves the page's origin.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { chromiumArgs, chromiumExecutablePath } from '../cli/browser.ts';
import { chooseFile, chromium, expect, fixtures, saveMp4, test, waitUntilSettled } from './helpers.ts';

const kinora = join(fixtures, '..', '..', 'bin', 'kinora.mjs');
const hasTools = ['ffmpeg', 'ffprobe', 'compare'].every((tool) => spawnSync(tool, ['-version']).status === 0);
const TAKE_SECONDS = 5;

/** The camera's face: an astronaut laughing (her mouth opens and closes), still for the first 1.4 s (the calibration). */
function cameraFeed(out: string): { video: string; audio: string } {
  const frames = join(out, 'frames');
  const animated = spawnSync(process.execPath, [kinora, 'animate', join(fixtures, 'photos', 'pd_color_astronaut-eileen-collins.png'), '--driver', 'laugh', '--size', '480', '--frames', frames], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  expect(animated.status, animated.stderr).toBe(0);
  const video = join(out, 'camera.y4m');
  const still = ['-loop', '1', '-t', '1.4', '-framerate', '25', '-i', join(frames, 'frame-0001.png')];
  const moving = ['-framerate', '25', '-i', join(frames, 'frame-%04d.png')];
  const filter = '[0:v][1:v]concat=n=2:v=1,scale=-2:480,pad=640:480:(ow-iw)/2:0,format=yuv420p';
  const encoded = spawnSync('ffmpeg', ['-v', 'error', '-y', ...still, ...moving, '-filter_complex', filter, '-r', '25', video]);
  expect(encoded.status, String(encoded.stderr)).toBe(0);
  const audio = join(out, 'voice.wav');
  const tone = spawnSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=300:duration=20:sample_rate=48000', audio]);
  expect(tone.status, String(tone.stderr)).toBe(0);
  return { video, audio };
}

/** Every camera and microphone stream the page is given, to check they end. */
const watchStreams = () => {
  // Not in the blank page before the app's (no secure context there).
  if (!navigator.mediaDevices) return;
  const streams: MediaStream[] = [];
  (window as unknown as { kinoraStreams: MediaStream[] }).kinoraStreams = streams;
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    const stream = await original(constraints);
    streams.push(stream);
    return stream;
  };
};

const liveTracks = (page: Page) =>
  page.evaluate(() => (window as unknown as { kinoraStreams: MediaStream[] }).kinoraStreams.flatMap((s) => s.getTracks()).map((t) => `${t.kind}:${t.readyState}`));

/** A cheap fingerprint of what the live canvas shows. */
const canvasPrint = (page: Page) =>
  page.getByTestId('live-frames').evaluate((canvas: HTMLCanvasElement) => {
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let sum = 0;
    for (let i = 0; i < data.length; i += 4) sum = (sum * 31 + data[i]! + data[i + 1]! * 3) % 1_000_000_007;
    return sum;
  });

test('live: the photo follows the face in the camera; a 5 s take with the voice saves as an MP4 with its sound; camera and microphone end', async ({ baseURL }) => {
  test.skip(!hasTools, 'needs ffmpeg, ffprobe and ImageMagick (Debian); .ci/run installs them');
  test.setTimeout(420_000);
  const out = mkdtempSync(join(tmpdir(), 'kinora-live-'));
  const feed = cameraFeed(out);
  const browser = await chromium.launch({ executablePath: chromiumExecutablePath(), args: chromiumArgs({ fakeCamera: feed }) });
  try {
    const context = await browser.newContext({ acceptDownloads: true });
    const origin = new URL(baseURL!).origin;
    const requests: string[] = [];
    context.on('request', (request) => requests.push(request.url()));
    await context.addInitScript(watchStreams);
    const page = await context.newPage();
    await page.goto(baseURL!);
    await chooseFile(page, join(fixtures, 'photos', 'painting_mona-lisa.jpg'));
    await waitUntilSettled(page);
    await page.getByTestId('live-open').click();

    // Calibrated on the still start, then following: frames are painted, and they change as she laughs.
    const live = page.getByTestId('live');
    await expect(live).toHaveAttribute('data-step', 'following', { timeout: 60_000 });
    await expect(page.getByTestId('live-frames')).toHaveAttribute('data-painted', 'true', { timeout: 30_000 });
    const prints = new Set<number>();
    for (let i = 0; i < 6; i++) {
      prints.add(await canvasPrint(page));
      await page.waitForTimeout(300);
    }
    expect(prints.size).toBeGreaterThan(2);
    await expect(page.getByTestId('live-fps')).toHaveText(/^\d+ frames a second$/);
    // The microphone is not asked for until Record.
    expect(await liveTracks(page)).toEqual(['video:live']);

    // The take lasts from Record to Stop as the page saw them; on a busy machine a click can reach
    // the page late, so the test brackets the take by its own clock, from before Record to after Stop.
    const pressed = Date.now();
    await page.getByTestId('live-record').click();
    await expect(page.getByTestId('live-stop')).toBeVisible();
    await page.waitForTimeout(TAKE_SECONDS * 1000);
    await page.getByTestId('live-stop').click();
    const heldSeconds = (Date.now() - pressed) / 1000;
    await expect(page.getByTestId('notice-info')).toContainText('Recorded "My live motion" with your voice', { timeout: 30_000 });
    await expect(live).toHaveCount(0);
    // Leaving live mode ended the camera and the microphone.
    expect(await liveTracks(page)).toEqual(['video:ended', 'audio:ended']);

    // The take plays on the photo at full size, and saves as an MP4 with the sound.
    await expect(page.getByTestId('preview')).toHaveAttribute('data-complete', 'true', { timeout: 180_000 });
    // The voice plays with it, and can be muted.
    await expect(page.getByTestId('preview')).toHaveAttribute('data-sound', 'playing', { timeout: 20_000 });
    await expect(page.getByTestId('preview-sound')).toHaveAttribute('aria-pressed', 'true');
    const mp4 = join(out, 'take.mp4');
    const { video, audio } = await saveMp4(page, mp4);
    expect(video.codec_name).toBe('h264');
    expect(audio?.codec_name).toBe('aac');
    const videoSeconds = Number(video.nb_read_frames) / 25;
    expect(videoSeconds).toBeGreaterThan(TAKE_SECONDS - 0.1);
    expect(videoSeconds).toBeLessThan(heldSeconds + 0.1);
    expect(Math.abs(Number(audio!.duration) - videoSeconds)).toBeLessThan(0.15);
    // The sound is the tone, not silence.
    const volume = spawnSync('ffmpeg', ['-v', 'info', '-i', mp4, '-map', '0:a', '-af', 'volumedetect', '-f', 'null', '-'], { encoding: 'utf8' }).stderr;
    expect(Number(/mean_volume: (-?[\d.]+) dB/.exec(volume)?.[1])).toBeGreaterThan(-40);
    // Its frames move: the face at the start and a second later differ.
    const at = (n: number) => {
      const png = join(out, `frame-${n}.png`);
      expect(spawnSync('ffmpeg', ['-v', 'error', '-y', '-i', mp4, '-vf', `select=eq(n\\,${n})`, '-frames:v', '1', png]).status).toBe(0);
      return png;
    };
    const moved = spawnSync('compare', ['-metric', 'RMSE', at(5), at(40), 'null:'], { encoding: 'utf8' }).stderr;
    expect(Number(/\(([\d.]+)\)/.exec(moved)?.[1])).toBeGreaterThan(0.003);

    const foreign = requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('blob:') && !url.startsWith('data:'));
    expect(foreign).toEqual([]);
  } finally {
    await browser.close();
  }
});

test('live: without a camera the user is told why, and the animation is still there', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await chooseFile(page, join(fixtures, 'photos', 'painting_mona-lisa.jpg'));
  await waitUntilSettled(page);
  await expect(page.getByTestId('preview')).toBeVisible({ timeout: 60_000 });
  // This browser has no camera (no fake device): getUserMedia is refused.
  await page.getByTestId('live-open').click();
  await expect(page.getByTestId('notice-error')).toContainText('could not use the camera', { timeout: 30_000 });
  await expect(page.getByTestId('live')).toHaveCount(0);
  await expect(page.getByTestId('preview')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('live-open')).toBeVisible();
});
