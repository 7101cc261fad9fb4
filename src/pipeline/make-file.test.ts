import { describe, expect, it, vi } from 'vitest';
import type { ExportedFile, ExportFormat, ExportSettings } from './export/contract.ts';
import { makeAnimationFile, type FrameSource } from './make-file.ts';

function fakeExporter() {
  return {
    begin: vi.fn(async (_settings: ExportSettings) => ({ ok: true as const, value: undefined })),
    addFrame: vi.fn(async (_frame: ImageBitmap) => undefined),
    finish: vi.fn(async () => ({ ok: true as const, value: {} as ExportedFile })),
    cancel: vi.fn(),
  };
}

const oneFrame: FrameSource = async (take) => {
  await take({} as ImageBitmap, 1);
  return undefined;
};

const make = (format: ExportFormat, audio?: Blob) => {
  const exporter = fakeExporter();
  const request = { format, mark: true, width: 64, height: 64, fps: 25, frameCount: 1, frames: oneFrame, rendered: true };
  return { exporter, made: makeAnimationFile(exporter, audio ? { ...request, audio } : request) };
};

describe('makeAnimationFile', () => {
  it('hands the sound track to an MP4', async () => {
    const audio = new Blob([new Uint8Array(4)], { type: 'audio/webm' });
    const { exporter, made } = make('mp4', audio);
    expect((await made).ok).toBe(true);
    expect(exporter.begin.mock.calls[0]![0].audio).toBe(audio);
    expect(exporter.addFrame).toHaveBeenCalledTimes(1);
  });

  it('keeps a GIF silent, and a file without sound has no audio setting', async () => {
    const gif = make('gif', new Blob([new Uint8Array(4)], { type: 'audio/webm' }));
    await gif.made;
    expect(gif.exporter.begin.mock.calls[0]![0]).not.toHaveProperty('audio');
    const silent = make('mp4');
    await silent.made;
    expect(silent.exporter.begin.mock.calls[0]![0]).not.toHaveProperty('audio');
  });
});
