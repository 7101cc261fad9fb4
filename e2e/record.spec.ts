import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumArgs, chromiumExecutablePath } from '../cli/browser.ts';
import { parseDriver } from '../src/core/drivers/format.ts';
import { findDriver } from '../src/core/drivers/registry.ts';
import { chooseFile, chromium, expect, fixtures, openApp, saveMp4, test, waitUntilSettled } from './helpers.ts';

const kinora = join(fixtures, '..', '..', 'bin', 'kinora.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [kinora, ...args], { encoding: 'utf8', timeout: 300_000 });
const hasFfmpeg = spawnSync('ffmpeg', ['-version']).status === 0;

const photo = join(fixtures, 'photos', 'pd_color_grace-hopper_glasses_elderly.jpg');

/** A real video of a face nodding: a built-in driver rendered by the app, encoded by ffmpeg (with a tone for its sound when asked). */
function renderVideo(driverId: string, withSound = false): { out: string; video: string } {
  const out = mkdtempSync(join(tmpdir(), 'kinora-record-'));
  const animated = run('animate', photo, '--driver', driverId, '--frames', join(out, 'frames'));
  expect(animated.status, animated.stderr).toBe(0);
  const video = join(out, `${driverId}.webm`);
  const sound = withSound ? ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-c:a', 'libopus', '-shortest'] : [];
  const encoded = spawnSync('ffmpeg', ['-v', 'error', '-framerate', '25', '-i', join(out, 'frames', 'frame-%04d.png'), ...sound, '-c:v', 'libvpx', '-pix_fmt', 'yuv420p', '-b:v', '4M', video]);
  expect(encoded.status, String(encoded.stderr)).toBe(0);
  return { out, video };
}

test('round trip: a driver rendered to a video and recorded back keeps its head motion and expression', async () => {
  test.skip(!hasFfmpeg, 'needs ffmpeg (Debian) to make the video; .ci/run installs it');
  test.setTimeout(300_000);
  const original = findDriver('nod-yes')!;
  const { out, video } = renderVideo(original.id);

  const recorded = run('record', video, '--out', join(out, 'nod.json'));
  expect(recorded.status, recorded.stderr).toBe(0);
  const parsed = parseDriver(readFileSync(join(out, 'nod.json'), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const driver = parsed.driver;
  expect(driver.fps).toBe(25);
  expect(Math.abs(driver.frames.length - original.frames.length)).toBeLessThanOrEqual(1);

  // Head angles: mean error over the frames.
  let angleError = 0;
  let expressionError = 0;
  const n = Math.min(driver.frames.length, original.frames.length);
  for (let f = 0; f < n; f++) {
    const a = driver.frames[f]!;
    const b = original.frames[f]!;
    angleError += (Math.abs(a.pose.yaw - b.pose.yaw) + Math.abs(a.pose.pitch - b.pose.pitch) + Math.abs(a.pose.roll - b.pose.roll)) / 3;
    let sum = 0;
    for (let i = 0; i < 478; i++) {
      sum += Math.hypot(a.expression[3 * i]! - b.expression[3 * i]!, a.expression[3 * i + 1]! - b.expression[3 * i + 1]!);
    }
    expressionError += sum / 478;
  }
  console.log(`round trip: mean head-angle error ${(angleError / n).toFixed(2)}°, expression error ${((100 * expressionError) / n).toFixed(2)} % of IOD`);
  expect(angleError / n).toBeLessThanOrEqual(2);
  // Expressions are in eye-spans (the IOD), so 0.02 is 2 % of IOD.
  expect(expressionError / n).toBeLessThanOrEqual(0.02);
});

test('in the app, a video of a face becomes a motion that plays on the photo, and its MP4 says it with the video\'s sound', async ({ page }) => {
  test.skip(!hasFfmpeg, 'needs ffmpeg (Debian) to make the video; .ci/run installs it');
  test.setTimeout(300_000);
  const { out, video } = renderVideo('shake-no', true);
  await openApp(page);
  await chooseFile(page, photo);
  await waitUntilSettled(page);
  await expect(page.getByTestId('driver-picker')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('record-video').setInputFiles(video);
  await expect(page.getByTestId('notice-info')).toContainText('Recorded "shake-no"', { timeout: 240_000 });
  await expect(page.getByTestId('driver-picker').getByRole('button', { pressed: true })).toHaveText(/shake-no/);
  await expect(page.getByTestId('preview')).toHaveAttribute('data-complete', 'true', { timeout: 120_000 });
  await expect(page.getByTestId('preview-sound')).toBeVisible();
  const { video: pictures, audio: sound } = await saveMp4(page, join(out, 'says-it.mp4'));
  expect(sound?.codec_name).toBe('aac');
  expect(Math.abs(Number(sound!.duration) - Number(pictures.nb_read_frames) / 25)).toBeLessThan(0.15);
});

test('with the camera: a countdown, a recording, and the motion plays on the photo', async ({ baseURL }) => {
  test.skip(!hasFfmpeg, 'needs ffmpeg (Debian) to make the fake camera feed; .ci/run installs it');
  test.setTimeout(300_000);
  const { out } = renderVideo('nod-yes');
  // Chromium's fake camera plays this file: a real face, nodding.
  const feed = join(out, 'camera.y4m');
  const encoded = spawnSync('ffmpeg', ['-v', 'error', '-framerate', '25', '-i', join(out, 'frames', 'frame-%04d.png'), '-pix_fmt', 'yuv420p', feed]);
  expect(encoded.status, String(encoded.stderr)).toBe(0);
  const browser = await chromium.launch({
    executablePath: chromiumExecutablePath(),
    args: [...chromiumArgs(), '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${feed}`],
  });
  try {
    const page = await browser.newPage();
    await page.goto(baseURL!);
    await chooseFile(page, photo);
    await waitUntilSettled(page);
    await expect(page.getByTestId('driver-picker')).toBeVisible({ timeout: 30_000 });
    await page.getByTestId('own-motion').locator('summary').click();
    await page.getByTestId('record-camera').click();
    await expect(page.getByTestId('camera')).toContainText(/Recording in \d/);
    // The live overlay follows the face in the camera.
    await expect(page.getByTestId('camera-overlay')).toHaveAttribute('data-face', 'seen', { timeout: 30_000 });
    await expect(page.getByTestId('camera-stop')).toBeVisible({ timeout: 15_000 });
    await page.waitForTimeout(3000);
    await page.getByTestId('camera-stop').click();
    await expect(page.getByTestId('notice-info')).toContainText('Recorded "My camera motion"', { timeout: 240_000 });
    await expect(page.getByTestId('driver-picker').getByRole('button', { pressed: true })).toHaveText(/My camera motion/);
    await expect(page.getByTestId('camera')).toHaveCount(0);
    // Recorded without the microphone: no sound goes with it.
    await expect(page.getByTestId('preview')).toHaveAttribute('data-complete', 'true', { timeout: 120_000 });
    await expect(page.getByTestId('preview-sound')).toHaveCount(0);
  } finally {
    await browser.close();
  }
});
