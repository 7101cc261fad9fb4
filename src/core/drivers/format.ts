/**
 * The open driver file format ("kinora-driver", version 1): a JSON document holding a Driver's
 * metadata, its head pose as one number array per channel and its expression displacements as
 * base64 of little-endian Int16 (quantised with a stated scale) or Float32. See README, "Driver
 * format". parseDriver validates everything before building anything: a file is loaded whole or
 * refused with precise messages.
 */
import type { Driver, DriverFrame, HeadPose } from '../motion/types.ts';
import { say, type Message } from '../../i18n/messages.ts';
import { REST_POSE } from './rest.ts';

export const DRIVER_FORMAT = 'kinora-driver';
export const DRIVER_FORMAT_VERSION = 1;
export const LANDMARK_COUNT = 478;
/** MediaPipe's face mesh without the 10 iris points: recognised to explain a common mistake. */
const MESH_ONLY_LANDMARK_COUNT = 468;
const VALUES_PER_FRAME = LANDMARK_COUNT * 3;
export const MIN_FPS = 1;
export const MAX_FPS = 120;
/** A motion plays at most this long: longer is no portrait animation (and costs memory on every visit). */
export const MAX_SECONDS = 60;
/** 60 s at 30 fps. */
export const MAX_FRAME_COUNT = 1800;
/**
 * What a head can do, per pose channel: a value outside is refused, not clamped, so a file that
 * would smear the whole photo is never played (the photo's own limits clamp further anyway).
 * Angles in degrees, x/y in eye-spans, scale a factor.
 */
export const POSE_RANGE: Readonly<Record<keyof HeadPose, readonly [number, number]>> = {
  yaw: [-90, 90],
  pitch: [-90, 90],
  roll: [-90, 90],
  x: [-4, 4],
  y: [-4, 4],
  scale: [0.5, 2],
};
/** Largest expression displacement of a landmark, in eye-spans (a wide-open jaw is about 0.6). */
export const MAX_EXPRESSION_DISPLACEMENT = 2;
/** Text larger than this is refused before parsing (in UTF-16 code units, ≈ bytes for JSON). */
export const MAX_TEXT_SIZE = 64 * 1024 * 1024;
/** Smallest Int16 quantisation step written (keeps an all-zero expression well defined). */
export const MIN_EXPRESSION_SCALE = 1e-7;
const INT16_MAX = 32767;

export type ExpressionEncoding = 'int16-base64' | 'float32-base64';
/** The six pose channels, in file order. */
export const POSE_CHANNELS: readonly (keyof HeadPose)[] = ['yaw', 'pitch', 'roll', 'x', 'y', 'scale'];

export interface DriverMeta {
  description?: string;
  tags?: string[];
}

export type LoadedDriver = Driver & { description: string; tags: string[] };

/** What a refused file's messages say it holds where something else was expected. */
export type JsonShape = { kind: 'missing' } | { kind: 'object' } | { kind: 'array'; length: number } | { kind: 'literal'; text: string };

export type ParseDriverResult = { ok: true; driver: LoadedDriver } | { ok: false; errors: Message[] };

// ---------------------------------------------------------------------------------------------
// Serialisation

export interface SerializeOptions {
  /** 'int16-base64' (default, ~2.7 bytes of text per value) or lossless 'float32-base64'. */
  encoding?: ExpressionEncoding;
}

/**
 * The driver as a version 1 file. Deterministic: the same driver and meta always give the same
 * text. Description and tags come from `meta`, else from the driver if it carries them (a parsed
 * driver does). Throws on a driver that could not be read back (no frames, wrong expression
 * length, non-finite values, fps or frame count out of range).
 */
export function serializeDriver(driver: Driver, meta: DriverMeta = {}, options: SerializeOptions = {}): string {
  const errors = checkDriver(driver);
  if (errors.length > 0) throw new Error(`serializeDriver: ${errors.join('; ')}`);
  const carried = driver as Partial<LoadedDriver>;
  const frameCount = driver.frames.length;
  const pose = Object.fromEntries(POSE_CHANNELS.map((channel) => [channel, driver.frames.map((f) => f.pose[channel])]));
  const encoding = options.encoding ?? 'int16-base64';
  const doc = {
    format: DRIVER_FORMAT,
    version: DRIVER_FORMAT_VERSION,
    id: driver.id,
    name: driver.name,
    description: meta.description ?? carried.description ?? '',
    tags: [...(meta.tags ?? carried.tags ?? [])],
    fps: driver.fps,
    frameCount,
    loops: driver.loops,
    rest: { pose: { ...REST_POSE } },
    pose,
    expression: encoding === 'int16-base64' ? encodeInt16(driver.frames) : encodeFloat32(driver.frames),
  };
  return `${stringify(doc, '')}\n`;
}

function encodeInt16(frames: DriverFrame[]): { encoding: 'int16-base64'; scale: number; data: string } {
  let maxAbs = 0;
  for (const { expression } of frames) for (const v of expression) maxAbs = Math.max(maxAbs, Math.abs(v));
  const scale = Math.max(maxAbs / INT16_MAX, MIN_EXPRESSION_SCALE);
  const bytes = new Uint8Array(frames.length * VALUES_PER_FRAME * 2);
  const view = new DataView(bytes.buffer);
  let offset = 0;
  for (const { expression } of frames) {
    for (const v of expression) {
      const q = Math.max(-INT16_MAX, Math.min(INT16_MAX, Math.round(v / scale)));
      view.setInt16(offset, q, true);
      offset += 2;
    }
  }
  return { encoding: 'int16-base64', scale, data: encodeBase64(bytes) };
}

function encodeFloat32(frames: DriverFrame[]): { encoding: 'float32-base64'; data: string } {
  const bytes = new Uint8Array(frames.length * VALUES_PER_FRAME * 4);
  const view = new DataView(bytes.buffer);
  let offset = 0;
  for (const { expression } of frames) {
    for (const v of expression) {
      view.setFloat32(offset, v, true);
      offset += 4;
    }
  }
  return { encoding: 'float32-base64', data: encodeBase64(bytes) };
}

function checkDriver(driver: Driver): string[] {
  const errors: string[] = [];
  const n = driver.frames.length;
  if (n < 1 || n > MAX_FRAME_COUNT) errors.push(`frameCount ${n} is outside 1..${MAX_FRAME_COUNT}`);
  if (!(driver.fps >= MIN_FPS && driver.fps <= MAX_FPS)) errors.push(`fps ${driver.fps} is outside ${MIN_FPS}..${MAX_FPS}`);
  driver.frames.forEach((frame, f) => {
    for (const channel of POSE_CHANNELS) {
      if (!Number.isFinite(frame.pose[channel])) errors.push(`pose.${channel}[${f}] is not a finite number`);
    }
    if (frame.expression.length !== VALUES_PER_FRAME) {
      errors.push(`frame ${f}: expression has ${frame.expression.length} values, expected ${VALUES_PER_FRAME}`);
    } else if (!frame.expression.every(Number.isFinite)) {
      errors.push(`frame ${f}: expression has a non-finite value`);
    }
  });
  return errors.slice(0, 20);
}

/** Objects one key a line; arrays and scalars compact on one line. */
function stringify(value: unknown, indent: string): string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return JSON.stringify(value);
  const inner = `${indent}  `;
  const entries = Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${stringify(v, inner)}`);
  return entries.length === 0 ? '{}' : `{\n${entries.join(',\n')}\n${indent}}`;
}

// ---------------------------------------------------------------------------------------------
// Parsing

/** Reads a driver file: the whole driver, or every problem found (never a half-loaded driver). */
export function parseDriver(text: string): ParseDriverResult {
  const fail = (...errors: Message[]): ParseDriverResult => ({ ok: false, errors });
  if (typeof text !== 'string') return fail(say('driver.not-text'));
  // A byte order mark (some editors write one) is not part of the JSON: the app and the CLI read
  // the same file the same way.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.length > MAX_TEXT_SIZE) {
    return fail(say('driver.too-big', { megabytes: text.length / 1024 / 1024, limit: MAX_TEXT_SIZE / 1024 / 1024 }));
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return fail(say('driver.not-json', { reason: error instanceof Error ? error.message : String(error) }));
  }
  if (!isObject(doc)) return fail(say('driver.not-object'));
  if (doc.format !== DRIVER_FORMAT) {
    return fail(say('driver.format', { expected: DRIVER_FORMAT, got: describe(doc.format) }));
  }
  if (typeof doc.version !== 'number' || !Number.isInteger(doc.version)) {
    return fail(say('driver.version-type', { got: describe(doc.version) }));
  }
  if (doc.version !== DRIVER_FORMAT_VERSION) {
    return fail(say('driver.version', { version: doc.version, supported: DRIVER_FORMAT_VERSION }));
  }

  const errors: Message[] = [];
  const id = requireString(doc, 'id', errors, true);
  const name = requireString(doc, 'name', errors, true);
  let description = '';
  if (doc.description !== undefined) {
    if (typeof doc.description === 'string') description = doc.description;
    else errors.push(say('driver.string-type', { key: 'description', got: describe(doc.description) }));
  }
  const tags: string[] = [];
  if (doc.tags !== undefined) {
    if (!Array.isArray(doc.tags)) errors.push(say('driver.tags-type', { got: describe(doc.tags) }));
    else
      doc.tags.forEach((tag: unknown, i) => {
        if (typeof tag === 'string') tags.push(tag);
        else errors.push(say('driver.tag-type', { index: i, got: describe(tag) }));
      });
  }
  const fps = doc.fps;
  if (typeof fps !== 'number') errors.push(say('driver.fps-type', { got: describe(fps) }));
  else if (!Number.isFinite(fps)) errors.push(say('driver.fps-finite'));
  else if (fps < MIN_FPS || fps > MAX_FPS) errors.push(say('driver.fps-range', { fps, min: MIN_FPS, max: MAX_FPS }));
  const loops = doc.loops;
  if (typeof loops !== 'boolean') errors.push(say('driver.loops-type', { got: describe(loops) }));

  if (doc.rest !== undefined) {
    if (!isObject(doc.rest) || !isObject(doc.rest.pose)) errors.push(say('driver.rest-type'));
    else {
      const restPose = doc.rest.pose;
      for (const channel of POSE_CHANNELS) {
        if (!isFiniteNumber(restPose[channel])) errors.push(say('driver.rest-finite', { channel }));
      }
    }
  }

  // The frame count bounds everything else: checked before any array is read or data decoded.
  const frameCount = doc.frameCount;
  let n: number | undefined;
  if (typeof frameCount !== 'number' || !Number.isInteger(frameCount)) {
    errors.push(say('driver.frames-type', { got: describe(frameCount) }));
  } else if (frameCount < 1) {
    errors.push(say('driver.frames-few', { count: frameCount }));
  } else if (frameCount > MAX_FRAME_COUNT) {
    errors.push(say('driver.frames-many', { count: frameCount, max: MAX_FRAME_COUNT, seconds: MAX_SECONDS }));
  } else if (typeof fps === 'number' && fps >= MIN_FPS && frameCount / fps > MAX_SECONDS) {
    errors.push(say('driver.too-long', { seconds: Math.round(frameCount / fps), max: MAX_SECONDS }));
  } else {
    n = frameCount;
  }
  if (n === undefined) return fail(...errors);

  // Pose.
  const poseArrays: Partial<Record<keyof HeadPose, number[]>> = {};
  if (!isObject(doc.pose)) errors.push(say('driver.pose-type', { channels: POSE_CHANNELS.join(', '), got: describe(doc.pose) }));
  else {
    const pose = doc.pose;
    for (const channel of POSE_CHANNELS) {
      const values = pose[channel];
      if (!Array.isArray(values)) {
        errors.push(say('driver.pose-array', { channel, count: n, got: describe(values) }));
        continue;
      }
      if (values.length !== n) {
        errors.push(say('driver.pose-length', { channel, expected: n, got: values.length }));
        continue;
      }
      const bad = values.findIndex((v) => !isFiniteNumber(v));
      if (bad >= 0) {
        errors.push(say('driver.pose-finite', { channel, index: bad }));
        continue;
      }
      const [low, high] = POSE_RANGE[channel];
      const wild = values.findIndex((v) => v < low || v > high);
      if (wild >= 0) {
        errors.push(say('driver.pose-range', { channel, index: wild, value: values[wild] as number, low, high }));
        continue;
      }
      poseArrays[channel] = values as number[];
    }
  }

  // Expression.
  const expressions = parseExpression(doc.expression, n, errors);

  if (errors.length > 0 || expressions === undefined || id === undefined || name === undefined) return fail(...errors);
  const frames: DriverFrame[] = expressions.map((expression, f) => {
    const pose = {} as HeadPose;
    for (const channel of POSE_CHANNELS) pose[channel] = poseArrays[channel]![f]!;
    return { pose, expression };
  });
  return {
    ok: true,
    driver: { id, name, description, tags, fps: fps as number, loops: loops as boolean, frames },
  };
}

function parseExpression(expr: unknown, n: number, errors: Message[]): Float32Array[] | undefined {
  if (!isObject(expr)) {
    errors.push(say('driver.expression-type', { got: describe(expr) }));
    return undefined;
  }
  const encoding = expr.encoding;
  if (encoding !== 'int16-base64' && encoding !== 'float32-base64') {
    errors.push(say('driver.encoding', { got: describe(encoding) }));
    return undefined;
  }
  let scale = 1;
  if (encoding === 'int16-base64') {
    if (!isFiniteNumber(expr.scale)) {
      errors.push(say('driver.scale-type', { got: describe(expr.scale) }));
      return undefined;
    }
    if (expr.scale <= 0) {
      errors.push(say('driver.scale-positive', { scale: expr.scale }));
      return undefined;
    }
    scale = expr.scale;
  }
  if (typeof expr.data !== 'string') {
    errors.push(say('driver.data-type', { got: describe(expr.data) }));
    return undefined;
  }
  const data = expr.data.replace(/\s+/g, '');
  if (data.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(data)) {
    errors.push(say('driver.base64'));
    return undefined;
  }
  // Size check from the text length alone, before decoding.
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  const byteLength = (data.length / 4) * 3 - padding;
  const bytesPerValue = encoding === 'int16-base64' ? 2 : 4;
  const type = encoding === 'int16-base64' ? 'Int16' : 'Float32';
  if (byteLength % bytesPerValue !== 0) {
    errors.push(say('driver.data-bytes', { bytes: byteLength, type }));
    return undefined;
  }
  const valueCount = byteLength / bytesPerValue;
  if (valueCount !== n * VALUES_PER_FRAME) {
    if (valueCount === n * MESH_ONLY_LANDMARK_COUNT * 3) {
      errors.push(say('driver.irises', { expected: LANDMARK_COUNT, got: MESH_ONLY_LANDMARK_COUNT }));
    } else {
      errors.push(say('driver.values', { expected: n * VALUES_PER_FRAME, type, frames: n, points: LANDMARK_COUNT, got: valueCount }));
    }
    return undefined;
  }
  const bytes = decodeBase64(data, byteLength);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const frames: Float32Array[] = [];
  let offset = 0;
  for (let f = 0; f < n; f++) {
    const expression = new Float32Array(VALUES_PER_FRAME);
    for (let k = 0; k < VALUES_PER_FRAME; k++) {
      const v = bytesPerValue === 2 ? view.getInt16(offset, true) * scale : view.getFloat32(offset, true);
      offset += bytesPerValue;
      expression[k] = v;
      if (!Number.isFinite(expression[k]!)) {
        errors.push(say('driver.point-finite', { frame: f, point: Math.floor(k / 3), axis: 'xyz'[k % 3]! }));
        return undefined;
      }
      if (Math.abs(v) > MAX_EXPRESSION_DISPLACEMENT) {
        errors.push(say('driver.point-far', { frame: f, point: Math.floor(k / 3), distance: Math.abs(v), max: MAX_EXPRESSION_DISPLACEMENT }));
        return undefined;
      }
    }
    frames.push(expression);
  }
  return frames;
}

function requireString(doc: Record<string, unknown>, key: string, errors: Message[], nonEmpty: boolean): string | undefined {
  const value = doc[key];
  if (typeof value !== 'string') {
    errors.push(say('driver.string-type', { key, got: describe(value) }));
    return undefined;
  }
  if (nonEmpty && value.trim() === '') {
    errors.push(say('driver.empty', { key }));
    return undefined;
  }
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** What a JSON value is, for messages: its kind, or (a short one) itself. */
function describe(value: unknown): JsonShape {
  if (value === undefined) return { kind: 'missing' };
  if (Array.isArray(value)) return { kind: 'array', length: value.length };
  if (value !== null && typeof value === 'object') return { kind: 'object' };
  if (typeof value === 'string') return { kind: 'literal', text: JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value) };
  return { kind: 'literal', text: String(value) };
}

// ---------------------------------------------------------------------------------------------
// Base64 (no Buffer/atob: runs the same in browsers, workers and node)

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

export function encodeBase64(bytes: Uint8Array): string {
  const chunks: string[] = [];
  const CHUNK = 3 * 4096;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(start + CHUNK, bytes.length);
    let out = '';
    for (let i = start; i < end; i += 3) {
      const b0 = bytes[i]!;
      const b1 = i + 1 < end ? bytes[i + 1]! : 0;
      const b2 = i + 2 < end ? bytes[i + 2]! : 0;
      out += ALPHABET[b0 >> 2]! + ALPHABET[((b0 & 3) << 4) | (b1 >> 4)]!;
      out += i + 1 < end ? ALPHABET[((b1 & 15) << 2) | (b2 >> 6)]! : '=';
      out += i + 2 < end ? ALPHABET[b2 & 63]! : '=';
    }
    chunks.push(out);
  }
  return chunks.join('');
}

/** Decodes validated base64 (length a multiple of 4, alphabet checked) of `byteLength` bytes. */
export function decodeBase64(data: string, byteLength: number): Uint8Array {
  const bytes = new Uint8Array(byteLength);
  let o = 0;
  for (let i = 0; i < data.length; i += 4) {
    const c0 = DECODE[data.charCodeAt(i)]!;
    const c1 = DECODE[data.charCodeAt(i + 1)]!;
    const c2 = data[i + 2] === '=' ? 0 : DECODE[data.charCodeAt(i + 2)]!;
    const c3 = data[i + 3] === '=' ? 0 : DECODE[data.charCodeAt(i + 3)]!;
    const triple = (c0 << 18) | (c1 << 12) | (c2 << 6) | c3;
    if (o < byteLength) bytes[o++] = (triple >> 16) & 255;
    if (o < byteLength) bytes[o++] = (triple >> 8) & 255;
    if (o < byteLength) bytes[o++] = triple & 255;
  }
  return bytes;
}
