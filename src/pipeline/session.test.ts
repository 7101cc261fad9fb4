import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseDriver } from '../core/drivers/format.ts';
import type { Driver } from '../core/motion/types.ts';
import type { ExportedFile, ExportSettings } from './export/contract.ts';
import type { AnimateRequest, FaceGenerator, FrameCallback, LiveFace } from './generate/contract.ts';
import { REST_FRAME } from '../core/drivers/rest.ts';
import { Session, type FaceDetector, type FileEncoder } from './session.ts';
import { ANIMATOR, FACE_FINDER, WorkerGone } from './worker-bridge.ts';
import { english } from '../i18n/english.ts';
import { CANCELLED, type FaceReport } from './types.ts';

/** ImageBitmap stand-ins: Node has none; the session only reads sizes and closes them. */
class FakeBitmap {
  closed = false;
  constructor(
    public width: number,
    public height: number,
  ) {}
  close() {
    this.closed = true;
    this.width = 0;
    this.height = 0;
  }
}
const bitmap = (width: number, height: number) => new FakeBitmap(width, height) as unknown as ImageBitmap;

const face: FaceReport = {
  box: [10, 10, 100, 100],
  score: 0.99,
  landmarks: Array.from({ length: 478 }, (_, i) => [20 + (i % 20) * 4, 20 + Math.floor(i / 20) * 3, 0] as [number, number, number]),
};

function driver(id: string, frames = 4): Driver {
  return { id, name: id, fps: 25, frames: Array.from({ length: frames }, () => ({ pose: { yaw: 0, pitch: 0, roll: 0, x: 0, y: 0, scale: 1 }, expression: [] })) } as unknown as Driver;
}

/** A detect worker that answers at once, or when the test lets it (`hold`). */
function fakeDetector() {
  let release: (() => void) | undefined;
  const detector = {
    hold: false,
    opened: 0,
    openPhoto: vi.fn(async (_file: Blob) => {
      detector.opened++;
      if (detector.hold) await new Promise<void>((r) => (release = r));
      return { ok: true as const, value: { width: 1000, height: 800, display: bitmap(1000, 800), displayScale: 1, notices: [] } };
    }),
    findFaces: vi.fn(async (_onProgress?: unknown, onFirstFaces?: (faces: FaceReport[]) => void) => {
      onFirstFaces?.([face]);
      return { ok: true as const, value: [face] };
    }),
    photoAt: vi.fn(async (longSide: number) => ({ ok: true as const, value: { bitmap: bitmap(longSide, Math.round(longSide * 0.8)), scale: 1000 / longSide } })),
    personMask: vi.fn(async (longSide: number) => {
      const height = Math.round(longSide * 0.8);
      return { ok: true as const, value: { width: longSide, height, alpha: new Uint8Array(longSide * height).fill(255) } };
    }),
    landmarksNear: vi.fn(async (image: ImageBitmap) => {
      image.close();
      return [] as [number, number, number][][];
    }),
    cancel: vi.fn(),
    dispose: vi.fn(),
    release: () => release?.(),
  };
  return detector satisfies FaceDetector & Record<string, unknown>;
}

/** A generator that renders `frameCount` (or the driver's) frames, one per microtask, until cancelled. */
function fakeGenerator() {
  let generation = 0;
  const requests: AnimateRequest[] = [];
  const generator = {
    requests,
    warmUp: vi.fn(),
    cancel: vi.fn(() => void generation++),
    dispose: vi.fn(),
    live: undefined as { job: number; request: AnimateRequest } | undefined,
    beginLive: vi.fn(async (request: AnimateRequest) => {
      generator.live = { job: ++generation, request };
      return { ok: true as const, value: { width: request.photo.width, height: request.photo.height, backend: 'wasm' as const } };
    }),
    liveFrame: vi.fn(async (faces: LiveFace[]) => {
      const live = generator.live;
      if (!live || live.job !== generation || faces.length !== live.request.faces.length) return undefined;
      return bitmap(live.request.photo.width, live.request.photo.height);
    }),
    animate: vi.fn(async (request: AnimateRequest, onFrame?: FrameCallback) => {
      const job = ++generation;
      requests.push(request);
      const total = request.frameCount ?? Math.max(...request.faces.map((face) => face.driver!.frames.length));
      for (let i = 0; i < total; i++) {
        await Promise.resolve();
        if (job !== generation) return CANCELLED;
        await onFrame?.(bitmap(request.photo.width, request.photo.height), i, total);
      }
      return {
        ok: true as const,
        value: {
          driver: request.faces[0]!.driver!.id,
          fps: 25,
          width: request.photo.width,
          height: request.photo.height,
          backend: 'wasm' as const,
          timings: {} as never,
          source: [],
          faces: request.faces.map((face) => ({ driver: face.driver!.id, phase: face.phase ?? 0, source: [], targets: new Float32Array() })),
        },
      };
    }),
  };
  return generator satisfies FaceGenerator & Record<string, unknown>;
}

function fakeEncoder() {
  const encoder = {
    settings: undefined as ExportSettings | undefined,
    frames: [] as ImageBitmap[],
    disposed: false,
    begin: vi.fn(async (settings: ExportSettings) => {
      encoder.settings = settings;
      return { ok: true as const, value: undefined };
    }),
    addFrame: vi.fn(async (frame: ImageBitmap) => void encoder.frames.push(frame)),
    finish: vi.fn(async () => ({
      ok: true as const,
      value: { bytes: new Uint8Array(8), mimeType: 'image/gif', extension: 'gif', frames: encoder.frames.length, width: encoder.settings!.width, height: encoder.settings!.height, encodeMs: 1 } as ExportedFile,
    })),
    cancel: vi.fn(),
    dispose: vi.fn(() => void (encoder.disposed = true)),
  };
  return encoder satisfies FileEncoder & Record<string, unknown>;
}

function setup() {
  const detector = fakeDetector();
  const generator = fakeGenerator();
  const encoders: ReturnType<typeof fakeEncoder>[] = [];
  const library = { smile: driver('smile', 6), 'smile-mirrored': driver('smile-mirrored', 6), nod: driver('nod', 3) } as Record<string, Driver>;
  const session = new Session({
    detector,
    generator,
    enhancer: () => ({ enhance: vi.fn(), comparison: undefined, cancel: () => undefined, forget: () => undefined, dispose: () => undefined }),
    encoder: () => {
      const encoder = fakeEncoder();
      encoders.push(encoder);
      return encoder;
    },
    motions: async () => ({ find: (id) => library[id], suggestFor: () => 'nod', suggestForGroup: (faces) => faces.map((_, i) => (i % 2 ? 'nod' : 'smile')) }),
    motionFiles: () => ({ parse: async (text) => parseDriver(text), parseFile: async (file) => parseDriver(await file.text()), dispose: () => undefined }),
  });
  return { session, detector, generator, encoders };
}

describe('Session', () => {
  // Node has no createImageBitmap: copies (and the page's resizing) are stand-ins too.
  beforeAll(() => {
    vi.stubGlobal('createImageBitmap', async (frame: ImageBitmap, options?: ImageBitmapOptions) =>
      bitmap(options?.resizeWidth ?? frame.width, options?.resizeHeight ?? frame.height),
    );
  });
  afterAll(() => vi.unstubAllGlobals());

  it('opens a photo, finds its faces (the first ones early) and warms the generator up meanwhile', async () => {
    const { session, generator } = setup();
    const opened = await session.open(new Blob(['x']));
    expect(opened.ok).toBe(true);
    expect(generator.warmUp).toHaveBeenCalledTimes(1);
    const early: FaceReport[][] = [];
    const found = await session.faces({ onFirstFaces: (faces) => early.push(faces) });
    expect(found).toEqual({ ok: true, value: [face] });
    expect(early).toEqual([[face]]);
  });

  it('a newer photo wins: the older open answers cancelled and its bitmap is freed', async () => {
    const { session, detector } = setup();
    detector.hold = true;
    const first = session.open(new Blob(['a']));
    await Promise.resolve();
    detector.hold = false;
    const second = await session.open(new Blob(['b']));
    detector.release();
    const older = await first;
    expect(older.ok).toBe(false);
    expect(!older.ok && older.code).toBe('cancelled');
    expect(second.ok).toBe(true);
  });

  it('hands the generator the finer photo, the person mask and the other faces (kept still)', async () => {
    const { session, generator, detector } = setup();
    const neighbour: FaceReport = { ...face, box: [600, 100, 200, 200] };
    detector.findFaces.mockImplementation(async () => ({ ok: true as const, value: [face, neighbour] }));
    await session.open(new Blob(['x']));
    await session.faces();
    const done = await session.animate([{ face, motion: { driver: 'smile' } }], { size: 400 });
    expect(done.ok).toBe(true);
    const request = generator.requests[0]!;
    expect(request.finer?.width).toBe(800);
    expect(request.person?.length).toBe(400 * 320);
    // Original pixels / (1000 / 400): the neighbour only, in the photo's pixels at 400 px.
    expect(request.others).toEqual([[240, 40, 80, 80]]);
  });

  it('animates a face with a built-in motion, its mirror image, or the user\'s own, streaming frames', async () => {
    const { session, generator } = setup();
    await session.open(new Blob(['x']));
    const frames: number[] = [];
    const done = await session.animate([{ face, motion: { driver: 'smile', intensity: 0.5 } }], { size: 400, onFrame: (_f, i) => void frames.push(i) });
    expect(done.ok && done.value.drivers[0]!.id).toBe('smile');
    expect(frames).toEqual([0, 1, 2, 3, 4, 5]);
    expect(generator.requests[0]!.faces[0]!.intensity).toBe(0.5);
    expect(generator.requests[0]!.photo.width).toBe(400);

    const mirrored = await session.animate([{ face, motion: { driver: 'smile', mirrored: true } }]);
    expect(mirrored.ok && mirrored.value.drivers[0]!.id).toBe('smile-mirrored');
    const own = driver('my-nod', 2);
    const mine = await session.animate([{ face, motion: { driver: own, mirrored: true } }]);
    expect(mine.ok && mine.value.drivers[0]).toBe(own);
    expect(await session.suggestedMotion(face)).toBe('nod');
  });

  it('animates several faces in one render, each its own motion and phase, keeping the rest still', async () => {
    const { session, detector, generator } = setup();
    const second: FaceReport = { ...face, box: [600, 100, 200, 200] };
    const third: FaceReport = { ...face, box: [800, 600, 100, 100] };
    detector.findFaces.mockImplementation(async () => ({ ok: true as const, value: [face, second, third] }));
    await session.open(new Blob(['x']));
    await session.faces();
    const motions = await session.suggestedMotions([face, second]);
    expect(motions).toEqual(['smile', 'nod']);
    const frames: number[] = [];
    const done = await session.animate(
      [
        { face, motion: { driver: motions[0]!, intensity: 0.8 } },
        { face: second, motion: { driver: motions[1]!, intensity: 1.2 } },
      ],
      { size: 400, onFrame: (_f, i) => void frames.push(i) },
    );
    expect(done.ok && done.value.drivers.map((d) => d.id)).toEqual(['smile', 'nod']);
    expect(done.ok && done.value.anchors).toHaveLength(2);
    // One render of the longest motion's length: the shorter one loops within it.
    expect(generator.requests).toHaveLength(1);
    expect(frames).toHaveLength(6);
    const request = generator.requests[0]!;
    expect(request.faces.map((f) => [f.driverId, f.intensity])).toEqual([
      ['smile', 0.8],
      ['nod', 1.2],
    ]);
    expect(request.faces.every((f) => Number.isInteger(f.phase))).toBe(true);
    // Only the face left out stays still.
    expect(request.others).toEqual([[320, 240, 40, 40]]);
    // A larger file renders the same faces again.
    const made = await session.makeFile({ format: 'gif', size: 900, mark: false });
    expect(made.ok && made.value.parts).toHaveLength(2);
    expect(generator.requests[1]!.faces).toHaveLength(2);
  });

  it('live mode prepares the face at rest, renders each driver frame asked for, and ends with the next animation or on leaving', async () => {
    const { session, generator } = setup();
    await session.open(new Blob(['x']));
    const begun = await session.beginLive({ face, motion: { driver: 'live' } }, 384);
    expect(begun).toEqual({ ok: true, value: { width: 384, height: 307, backend: 'wasm' } });
    const request = generator.live!.request;
    expect(request.faces).toHaveLength(1);
    expect(request.faces[0]!.driver!.frames).toEqual([REST_FRAME]);
    const nodding = { ...REST_FRAME, pose: { ...REST_FRAME.pose, pitch: 8 } };
    const frame = await session.liveFrame(nodding, 0.8);
    expect(frame?.width).toBe(384);
    expect(generator.liveFrame).toHaveBeenLastCalledWith([{ frame: nodding, intensity: 0.8 }]);
    // An animation ends live mode: no more live frames.
    await session.animate([{ face, motion: { driver: 'smile' } }]);
    expect(await session.liveFrame(nodding, 1)).toBeUndefined();
    await session.beginLive({ face, motion: { driver: 'live' } }, 384);
    const cancels = generator.cancel.mock.calls.length;
    session.endLive();
    expect(generator.cancel.mock.calls.length).toBe(cancels + 1);
    expect(await session.liveFrame(nodding, 1)).toBeUndefined();
  });

  it('leaving live mode before the face is ready cancels it: nothing stays live', async () => {
    const { session, generator } = setup();
    await session.open(new Blob(['x']));
    const begun = session.beginLive({ face, motion: { driver: 'live' } }, 384);
    session.endLive();
    const outcome = await begun;
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.code).toBe('cancelled');
    expect(await session.liveFrame(REST_FRAME, 1)).toBeUndefined();
    expect(generator.beginLive).not.toHaveBeenCalled();
  });

  it('an unknown motion is a message, not an exception', async () => {
    const { session } = setup();
    await session.open(new Blob(['x']));
    const done = await session.animate([{ face, motion: { driver: 'moonwalk' } }]);
    expect(done.ok).toBe(false);
    expect(!done.ok && english(done.message)).toContain('moonwalk');
  });

  it('a new animation cancels the one in flight; its late frames are closed, not delivered', async () => {
    const { session } = setup();
    await session.open(new Blob(['x']));
    const delivered: string[] = [];
    const first = session.animate([{ face, motion: { driver: 'smile' } }], { onFrame: () => void delivered.push('first') });
    const second = session.animate([{ face, motion: { driver: 'nod' } }], { onFrame: () => void delivered.push('second') });
    const [a, b] = await Promise.all([first, second]);
    expect(!a.ok && a.code).toBe('cancelled');
    expect(b.ok).toBe(true);
    expect(delivered.filter((d) => d === 'second')).toHaveLength(3);
    expect(delivered).not.toContain('first');
  });

  it('a new photo stops the animation in flight', async () => {
    const { session, generator } = setup();
    await session.open(new Blob(['x']));
    const animating = session.animate([{ face, motion: { driver: 'smile' } }]);
    await session.open(new Blob(['y']));
    const done = await animating;
    expect(!done.ok && done.code).toBe('cancelled');
    expect(generator.cancel).toHaveBeenCalled();
  });

  it('makes a file from the preview\'s frames when they are large enough, scaled to the size asked', async () => {
    const { session, encoders } = setup();
    await session.open(new Blob(['x']));
    const preview: ImageBitmap[] = [];
    await session.animate([{ face, motion: { driver: 'smile' } }], { size: 512, onFrame: (f) => void preview.push(f) });
    const progress: number[] = [];
    const made = await session.makeFile({ format: 'gif', size: 256, mark: true, frames: preview, onProgress: (p) => void progress.push(p.fraction) });
    expect(made.ok).toBe(true);
    expect(encoders).toHaveLength(1);
    expect(encoders[0]!.settings).toMatchObject({ format: 'gif', width: 256, height: 205, frameCount: 6, mark: true });
    expect(encoders[0]!.frames).toHaveLength(6);
    expect(progress.at(-1)).toBe(1);
  });

  it('renders a larger file anew at its size, streaming frames into the encoder', async () => {
    const { session, encoders, generator } = setup();
    await session.open(new Blob(['x']));
    const preview: ImageBitmap[] = [];
    await session.animate([{ face, motion: { driver: 'nod' } }], { size: 512, onFrame: (f) => void preview.push(f) });
    const stages = new Set<string>();
    const made = await session.makeFile({ format: 'mp4', size: 1000, mark: false, frames: preview, onProgress: (p) => void stages.add(p.stage) });
    expect(made.ok).toBe(true);
    expect(generator.requests.at(-1)!.photo.width).toBe(1000);
    expect(encoders[0]!.frames).toHaveLength(3);
    expect(encoders[0]!.settings).toMatchObject({ format: 'mp4', width: 1000, height: 800 });
    expect([...stages]).toContain('rendering');
  });

  it('cancelling a file stops its rendering and frees the export worker; the next file gets a new one', async () => {
    const { session, encoders } = setup();
    await session.open(new Blob(['x']));
    await session.animate([{ face, motion: { driver: 'smile' } }]);
    const making = session.makeFile({ format: 'gif', size: 900, mark: true });
    await Promise.resolve();
    await Promise.resolve();
    session.cancelFile();
    const made = await making;
    expect(!made.ok && made.code).toBe('cancelled');
    expect(encoders[0]!.disposed).toBe(true);
    const again = await session.makeFile({ format: 'gif', size: 900, mark: true });
    expect(again.ok).toBe(true);
    expect(encoders).toHaveLength(2);
  });

  it('asks for an animation before a file', async () => {
    const { session } = setup();
    const made = await session.makeFile({ format: 'gif', size: 480, mark: true });
    expect(!made.ok && made.code).toBe('nothing-animated');
  });

  it('a worker that dies mid-animation is replaced and the animation goes on, no frame shown twice', async () => {
    const { session, generator } = setup();
    await session.open(new Blob(['x']));
    const real = generator.animate.getMockImplementation()!;
    // The first try delivers two frames, then the worker dies.
    generator.animate.mockImplementationOnce(async (_request, onFrame) => {
      await onFrame?.(bitmap(10, 8), 0, 6);
      await onFrame?.(bitmap(10, 8), 1, 6);
      throw new WorkerGone(ANIMATOR, 'no answer for 12 s');
    });
    const shown: number[] = [];
    const done = await session.animate([{ face, motion: { driver: 'smile' } }], { onFrame: (_f, i) => void shown.push(i) });
    expect(done.ok).toBe(true);
    expect(shown).toEqual([0, 1, 2, 3, 4, 5]);
    expect(generator.animate).toHaveBeenCalledTimes(2);
    generator.animate.mockImplementation(real);
  });

  it('a worker that dies twice is reported in plain words, never a wait without end', async () => {
    const { session, generator } = setup();
    await session.open(new Blob(['x']));
    generator.animate.mockImplementation(async () => {
      throw new WorkerGone(ANIMATOR, 'an error it could not recover from');
    });
    const done = await session.animate([{ face, motion: { driver: 'smile' } }]);
    expect(done).toMatchObject({ ok: false, code: 'worker-failed' });
    expect(!done.ok && english(done.message)).toBe('Something went wrong while bringing the face to life — please try again.');
  });

  it('a face finder that dies while looking for faces is replaced, the photo opened in it again', async () => {
    const { session, detector } = setup();
    const file = new Blob(['x']);
    await session.open(file);
    detector.findFaces.mockImplementationOnce(async () => {
      throw new WorkerGone(FACE_FINDER, 'no answer for 3 s');
    });
    const found = await session.faces();
    expect(found.ok).toBe(true);
    expect(detector.openPhoto).toHaveBeenCalledTimes(2);
    expect(detector.openPhoto.mock.calls[1]![0]).toBe(file);
  });

  it('an export worker that dies fails the file plainly; the next file gets a new worker', async () => {
    const { session, encoders } = setup();
    await session.open(new Blob(['x']));
    await session.animate([{ face, motion: { driver: 'nod' } }]);
    const making = session.makeFile({ format: 'gif', size: 900, mark: true, onProgress: () => {
      encoders[0]!.addFrame.mockImplementation(async () => {
        throw new WorkerGone('file maker', 'no answer for 12 s');
      });
    } });
    const made = await making;
    expect(made).toMatchObject({ ok: false, code: 'worker-failed' });
    expect(!made.ok && english(made.message)).toBe('Something went wrong while saving the file — please try again.');
    const again = await session.makeFile({ format: 'gif', size: 900, mark: true });
    expect(again.ok).toBe(true);
    expect(encoders).toHaveLength(2);
  });

  it('dispose frees every worker', async () => {
    const { session, detector, generator } = setup();
    session.dispose();
    expect(detector.dispose).toHaveBeenCalled();
    expect(generator.dispose).toHaveBeenCalled();
  });
});
