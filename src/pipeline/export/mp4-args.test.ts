import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VIDEO_MAKER_MEGABYTES } from './contract.ts';
import { evenFrameSize, FRAME_DIR, frameFileName, mp4EncodeArgs, SOUND_DIR, soundFileName } from './mp4-args.ts';

const NOTE = 'Made with Kinora: synthetic motion.';
const args = mp4EncodeArgs({ fps: 25, note: NOTE, output: '/out.mp4' });
/** The value after each occurrence of `flag`. */
const valuesOf = (flag: string, from = args) => from.flatMap((arg, i) => (arg === flag ? [from[i + 1]] : []));

describe('evenFrameSize', () => {
  it('keeps even sides and drops the last row or column of odd ones', () => {
    expect(evenFrameSize(512, 512)).toEqual({ width: 512, height: 512 });
    expect(evenFrameSize(165, 256)).toEqual({ width: 164, height: 256 });
    expect(evenFrameSize(331, 511)).toEqual({ width: 330, height: 510 });
  });

  it('never goes below 2x2', () => {
    expect(evenFrameSize(1, 3)).toEqual({ width: 2, height: 2 });
  });
});

describe('mp4EncodeArgs', () => {
  it('reads the frames in the order frameFileName names them, at the animation rate', () => {
    const input = valuesOf('-i')[0]!;
    const printf = (index: number) => input.replace(/%0(\d+)d/, (_, digits: string) => String(index).padStart(Number(digits), '0'));
    for (const index of [0, 7, 1234]) expect(printf(index)).toBe(`${FRAME_DIR}/${frameFileName(index)}`);
    expect(valuesOf('-start_number')).toEqual(['0']);
    expect(valuesOf('-framerate')).toEqual(['25']);
    expect(args.indexOf('-framerate')).toBeLessThan(args.indexOf('-i'));
  });

  it('sets every thread count explicitly, for the decoder and the encoder (auto crashes the threaded core)', () => {
    const threads = args.flatMap((arg, i) => (arg === '-threads' ? [i] : []));
    expect(threads.map((i) => args[i + 1])).toEqual(['2', '2']);
    expect(threads[0]!).toBeLessThan(args.indexOf('-i'));
    expect(threads[1]!).toBeGreaterThan(args.indexOf('-c:v'));
    expect(valuesOf('-filter_threads')).toEqual(['1']);
  });

  it('makes H.264 yuv420p, BT.709-tagged, moov first, with the note and no audio', () => {
    expect(valuesOf('-c:v')).toEqual(['libx264']);
    expect(valuesOf('-vf')[0]).toMatch(/format=yuv420p$/);
    expect(valuesOf('-crf')).toEqual(['20']);
    expect(valuesOf('-preset')).toEqual(['veryfast']);
    expect(valuesOf('-colorspace')).toEqual(['bt709']);
    expect(valuesOf('-movflags')).toEqual(['+faststart']);
    expect(valuesOf('-metadata')).toEqual([`comment=${NOTE}`, `description=${NOTE}`]);
    expect(args).toContain('-an');
    expect(args.at(-1)).toBe('/out.mp4');
  });

  it('adds a sound: its first audio stream if any, in AAC, padded with silence and cut at the last picture', () => {
    const audio = `${SOUND_DIR}/sound.webm`;
    const sound = mp4EncodeArgs({ fps: 25, note: NOTE, output: '/out.mp4', audio });
    const inputs = sound.flatMap((arg, i) => (arg === '-i' ? [i] : []));
    expect(inputs.map((i) => sound[i + 1])).toEqual([valuesOf('-i')[0], audio]);
    // Its decoder's thread count is explicit too, as an option of its own input.
    expect(sound.slice(inputs[1]! - 2, inputs[1])).toEqual(['-threads', '2']);
    expect(valuesOf('-map', sound)).toEqual(['0:v:0', '1:a:0?']);
    expect(valuesOf('-c:a', sound)).toEqual(['aac']);
    expect(valuesOf('-b:a', sound)).toEqual(['128k']);
    expect(valuesOf('-ac', sound)).toEqual(['2']);
    expect(valuesOf('-af', sound)).toEqual(['apad']);
    expect(sound).toContain('-shortest');
    expect(sound).not.toContain('-an');
    // Everything else as in a silent file, in the same order: none of its arguments is left unmatched.
    const silent = args.filter((arg) => arg !== '-an');
    let matched = 0;
    for (const arg of sound) if (arg === silent[matched]) matched++;
    expect(silent.slice(matched)).toEqual([]);
    expect(sound.at(-1)).toBe('/out.mp4');
  });

  it('starts the sound where the animation starts: a seek on the sound input alone', () => {
    const audio = `${SOUND_DIR}/sound.webm`;
    const later = mp4EncodeArgs({ fps: 25, note: NOTE, output: '/out.mp4', audio, audioStart: 1.24 });
    const soundInput = later.lastIndexOf('-i');
    expect(later.slice(soundInput - 2, soundInput + 2)).toEqual(['-ss', '1.240', '-i', audio]);
    expect(later.filter((arg) => arg === '-ss')).toHaveLength(1);
    expect(mp4EncodeArgs({ fps: 25, note: NOTE, output: '/out.mp4', audio, audioStart: 0 })).not.toContain('-ss');
  });

  it('takes another quality and speed when asked', () => {
    const faster = mp4EncodeArgs({ fps: 30, note: NOTE, output: '/o.mp4', crf: 23, preset: 'ultrafast' });
    expect(faster[faster.indexOf('-crf') + 1]).toBe('23');
    expect(faster[faster.indexOf('-preset') + 1]).toBe('ultrafast');
    expect(faster[faster.indexOf('-framerate') + 1]).toBe('30');
  });
});

describe('soundFileName', () => {
  it('takes the extension from the MIME type, parameters and case aside', () => {
    expect(soundFileName('audio/webm;codecs=opus')).toBe('sound.webm');
    expect(soundFileName('video/webm; codecs="vp8, opus"')).toBe('sound.webm');
    expect(soundFileName('audio/ogg')).toBe('sound.ogg');
    expect(soundFileName('audio/mp4')).toBe('sound.mp4');
    expect(soundFileName('video/MP4')).toBe('sound.mp4');
    expect(soundFileName('audio/x-m4a')).toBe('sound.m4a');
    expect(soundFileName('audio/wav')).toBe('sound.wav');
    expect(soundFileName('audio/x-wav')).toBe('sound.wav');
    expect(soundFileName('video/quicktime')).toBe('sound.mov');
  });

  it('takes an unknown or missing type for webm', () => {
    for (const type of ['', 'application/octet-stream', 'audio/constructor', 'image/png']) expect(soundFileName(type)).toBe('sound.webm');
  });
});

describe('VIDEO_MAKER_MEGABYTES', () => {
  it('is the size of the larger ffmpeg core, the download the offline message announces', () => {
    const sizes = ['@ffmpeg/core', '@ffmpeg/core-mt'].map((pkg) => statSync(new URL(`../../../node_modules/${pkg}/dist/esm/ffmpeg-core.wasm`, import.meta.url)).size);
    expect(VIDEO_MAKER_MEGABYTES).toBe(Math.round(Math.max(...sizes) / 1e6));
  });
});
