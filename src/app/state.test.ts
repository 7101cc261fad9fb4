import { describe, expect, it } from 'vitest';
import type { FaceReport } from '../pipeline/types.ts';
import { english } from '../i18n/english.ts';
import { say } from '../i18n/messages.ts';
import { initialState, movingFaces, reduce, statusOf, summaryOf, type AppAction, type AppState } from './state.ts';

const face = (x: number, size = 100, tooSmall = false): FaceReport => ({ box: [x, 50, size, size], score: 0.95, landmarks: [], ...(tooSmall ? { tooSmall } : {}) });
const photo = { name: 'p.jpg', width: 1000, height: 800, display: {} as ImageBitmap, displayScale: 1 };
const frame = (width = 512, height = 410) => ({ width, height }) as ImageBitmap;

const run = (...actions: AppAction[]): AppState => actions.reduce(reduce, initialState);
const opened: AppAction[] = [{ type: 'open-started' }, { type: 'photo-opened', photo, notices: [] }];

describe('reduce', () => {
  it('a one-face photo has its face chosen; a group waits for the user', () => {
    expect(run(...opened, { type: 'faces-found', faces: [face(0)] }).selected).toBe(0);
    expect(run(...opened, { type: 'faces-found', faces: [face(0), face(300)] }).selected).toBeUndefined();
  });

  it('the first face found early is chosen at once, and stays chosen (the same object) when the full list arrives', () => {
    const early = face(300, 200);
    const partial = run(...opened, { type: 'faces-found', faces: [early], partial: true });
    expect(partial.selected).toBe(0);
    expect(partial.phase).toBe('finding');
    expect(partial.moreFacesComing).toBe(true);
    const chosen = reduce(partial, { type: 'suggested', face: 0, driverId: 'gentle-smile' });
    // The full list is ordered differently and holds fresh objects for the same faces.
    const full = reduce(chosen, { type: 'faces-found', faces: [face(0, 60), { ...early, landmarks: [] }] });
    expect(full.selected).toBe(1);
    expect(full.faces[1]).toBe(early);
    expect(full.driverFace).toBe(1);
    expect(full.driverId).toBe('gentle-smile');
    expect(full.phase).toBe('ready');
  });

  it('too-small faces are listed but cannot be chosen', () => {
    const state = run(...opened, { type: 'faces-found', faces: [face(0, 20, true), face(200)] });
    expect(state.selected).toBe(1);
    expect(reduce(state, { type: 'select', index: 0 }).selected).toBe(1);
    expect(english(summaryOf(state)!)).toContain('1 too small');
  });

  it('no face: a message, and the photo stays', () => {
    const state = run(...opened, { type: 'faces-found', faces: [] });
    expect(state.error).toEqual(say('faces.none'));
    expect(state.photo).toBe(photo);
  });

  it('a bad file loses nothing: the previous photo, its faces and choice stay', () => {
    const before = run(...opened, { type: 'faces-found', faces: [face(0)] });
    const after = reduce(reduce(before, { type: 'open-started' }), { type: 'open-failed', message: say('photo.pdf') });
    expect(after.photo).toBe(photo);
    expect(after.selected).toBe(0);
    expect(after.error).toEqual(say('photo.pdf'));
    expect(after.phase).toBe('ready');
  });

  it('the suggested motion is taken unless the user already chose one for this face', () => {
    const chosen = run(...opened, { type: 'faces-found', faces: [face(0)] });
    const suggested = reduce(chosen, { type: 'suggested', face: 0, driverId: 'look-side' });
    expect(suggested.driverId).toBe('look-side');
    expect(suggested.suggested).toBe('look-side');
    const picked = reduce(suggested, { type: 'driver', driverId: 'laugh' });
    expect(reduce(picked, { type: 'suggested', face: 0, driverId: 'look-side' }).driverId).toBe('laugh');
    // A suggestion for a face no longer chosen is ignored.
    expect(reduce(chosen, { type: 'suggested', face: 3, driverId: 'x' })).toBe(chosen);
  });

  it('animate everyone: every face moves with its own motion; choosing a face edits its motion, not the others\'', () => {
    const group = run(...opened, { type: 'faces-found', faces: [face(0), face(300), face(600, 20, true), face(800)] });
    // Not before the search is over, nor with one face.
    expect(reduce(run(...opened, { type: 'faces-found', faces: [face(0)] }), { type: 'everyone', on: true }).everyone).toBe(false);
    const everyone = reduce(group, { type: 'everyone', on: true });
    expect(everyone.everyone).toBe(true);
    expect(everyone.selected).toBe(0);
    expect(movingFaces(everyone)).toBeUndefined();
    const suggested = reduce(everyone, { type: 'group-suggested', drivers: { 0: 'gentle-smile', 1: 'listening', 3: 'sitters-idle' } });
    expect(movingFaces(suggested)!.map(({ index, motion }) => [index, motion.driverId])).toEqual([
      [0, 'gentle-smile'],
      [1, 'listening'],
      [3, 'sitters-idle'],
    ]);
    // Face 2 chosen: its motion comes out of the cast, face 1's goes in; nothing re-renders for that alone.
    const second = reduce({ ...suggested, animation: { frames: [], total: 1, fps: 25, width: 1, height: 1 } }, { type: 'select', index: 1 });
    expect([second.driverId, second.driverFace, second.cast[0]?.driverId, second.animation]).toEqual(['listening', 1, 'gentle-smile', expect.anything()]);
    const changed = reduce(reduce(second, { type: 'driver', driverId: 'nod-yes' }), { type: 'intensity', intensity: 0.5 });
    const stilled = reduce(reduce(changed, { type: 'select', index: 3 }), { type: 'still', still: true });
    expect(stilled.animation).toBeUndefined();
    expect(movingFaces(stilled)!.map(({ index, motion }) => [index, motion.driverId, motion.intensity])).toEqual([
      [0, 'gentle-smile', 1],
      [1, 'nod-yes', 0.5],
    ]);
    // Back to one face: the chosen face's own motion, alone.
    const alone = reduce(reduce(stilled, { type: 'select', index: 1 }), { type: 'everyone', on: false });
    expect(movingFaces(alone)!.map(({ index, motion }) => [index, motion.driverId])).toEqual([[1, 'nod-yes']]);
    expect(alone.cast).toEqual({});
  });

  it('start over forgets the photo but keeps the user\'s own motions and strength', () => {
    const mine = { id: 'own:mine', name: 'Mine', fps: 25, loops: true, frames: [] };
    const state = run(...opened, { type: 'faces-found', faces: [face(0)] }, { type: 'intensity', intensity: 0.6 }, { type: 'custom-driver', driver: mine });
    const fresh = reduce(state, { type: 'start-over' });
    expect(fresh.photo).toBeUndefined();
    expect(fresh.phase).toBe('empty');
    expect(fresh.customDrivers).toEqual([mine]);
    expect(fresh.intensity).toBe(0.6);
  });

  it('a new motion, strength or switch drops the animation at once (nothing stale is shown or saved)', () => {
    const playing = run(...opened, { type: 'faces-found', faces: [face(0)] }, { type: 'suggested', face: 0, driverId: 'a' }, { type: 'animation-started' }, { type: 'frame', frame: frame(), total: 1, fps: 25 });
    expect(playing.animation).toBeDefined();
    for (const action of [{ type: 'driver', driverId: 'b' }, { type: 'intensity', intensity: 0.5 }, { type: 'glasses', glasses: true }, { type: 'mirrored', mirrored: true }] as AppAction[]) {
      expect(reduce(playing, action).animation, action.type).toBeUndefined();
    }
    // The same choice again changes nothing.
    expect(reduce(playing, { type: 'driver', driverId: 'a' })).toBe(playing);
  });

  it('frames stream into the animation', () => {
    const state = run(...opened, { type: 'faces-found', faces: [face(0)] }, { type: 'animation-started' }, { type: 'frame', frame: frame(), total: 3, fps: 25 });
    expect(state.animation).toMatchObject({ total: 3, width: 512, height: 410 });
    expect(state.animation!.frames).toHaveLength(1);
  });
});

describe('statusOf: every wait says what is happening', () => {
  it('opening, downloading (countable), starting, searching (countable, never full while going on)', () => {
    expect(statusOf(run({ type: 'open-started' }))).toEqual({ label: say('status.opening') });
    const downloading = statusOf(run(...opened, { type: 'progress', progress: { stage: 'loading-models', loadedBytes: 1e6, totalBytes: 4e6, fromCache: false } }));
    expect(english(downloading!.label)).toBe('Getting ready, first time only… 25%');
    expect(downloading!.fraction).toBeCloseTo(0.25);
    const downloaded = statusOf(run(...opened, { type: 'progress', progress: { stage: 'loading-models', loadedBytes: 4e6, totalBytes: 4e6, fromCache: false } }));
    expect(downloaded!.fraction).toBeUndefined();
    const searching = statusOf(run(...opened, { type: 'progress', progress: { stage: 'finding-faces', done: 10, total: 10 } }));
    expect(searching!.fraction).toBeLessThan(1);
  });

  it('from the face chosen to the first frame, then frame by frame', () => {
    const chosen = run(...opened, { type: 'faces-found', faces: [face(0)] }, { type: 'animation-started' });
    expect(english(statusOf(chosen)!.label)).toBe('Bringing face 1 to life…');
    const rendering = reduce(chosen, { type: 'frame', frame: frame(), total: 4, fps: 25 });
    expect(statusOf(rendering)!.fraction).toBe(0.25);
    expect(english(statusOf(rendering)!.label)).toBe('Bringing face 1 to life: 1 of 4 frames');
    const done = [1, 2, 3].reduce((s) => reduce(s, { type: 'frame', frame: frame(), total: 4, fps: 25 }), rendering);
    expect(statusOf(done)).toBeUndefined();
  });
});
