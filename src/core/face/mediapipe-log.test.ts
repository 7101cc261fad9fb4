import { describe, expect, it } from 'vitest';
import { isMediaPipeChatter, withoutChatter } from './mediapipe-log.ts';

describe("MediaPipe's log lines", () => {
  it('drops info and warning chatter, never errors', () => {
    expect(isMediaPipeChatter('INFO: Created TensorFlow Lite XNNPACK delegate for CPU.')).toBe(true);
    expect(isMediaPipeChatter('W0000 00:00:1718000000.123456       1 face_landmarker_graph.cc:174] Sets FaceBlendshapesGraph acceleration to xnnpack by default.')).toBe(true);
    expect(isMediaPipeChatter('I0000 00:00:1718000000.123456    1 gl_context.cc:357] GL version: 2.0')).toBe(true);
    expect(isMediaPipeChatter('Graph successfully started running.')).toBe(true);
    expect(isMediaPipeChatter('E0000 00:00:1718000000.123456    1 calculator_graph.cc:887] INVALID_ARGUMENT: bad input')).toBe(false);
    expect(isMediaPipeChatter('F0000 00:00:1718000000.123456    1 x.cc:1] Check failed')).toBe(false);
    expect(isMediaPipeChatter('wasm streaming compile failed: TypeError')).toBe(false);
    expect(isMediaPipeChatter('ERROR: tensor type mismatch')).toBe(false);
    expect(isMediaPipeChatter(new Error('INFO: x'))).toBe(false);
  });

  it('passes everything else through', () => {
    const seen: unknown[][] = [];
    const log = withoutChatter((...args) => seen.push(args));
    log('INFO: Created TensorFlow Lite XNNPACK delegate for CPU.');
    log('Aborted(OOM)');
    log('INFO: two', 'arguments');
    expect(seen).toEqual([['Aborted(OOM)'], ['INFO: two', 'arguments']]);
  });
});
