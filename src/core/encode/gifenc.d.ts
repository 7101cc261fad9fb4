/**
 * Types for gifenc 1.0.3 (https://github.com/mattdesl/gifenc), which ships none. Kinora imports
 * its ESM build by path: the package's main file is CommonJS whose named exports Node's ESM
 * loader (tsx, vitest) cannot see.
 */
declare module 'gifenc/dist/gifenc.esm.js' {
  export type Rgb = [number, number, number];
  export type Rgba = [number, number, number, number];
  export type Palette = (Rgb | Rgba)[];
  export type ColorFormat = 'rgb565' | 'rgb444' | 'rgba4444';

  export interface QuantizeOptions {
    format?: ColorFormat;
    oneBitAlpha?: boolean | number;
    clearAlpha?: boolean;
    clearAlphaThreshold?: number;
    clearAlphaColor?: number;
    /** Weighs each colour bin by the square root of its population (default true). */
    useSqrt?: boolean;
  }

  /**
   * Pairwise-nearest-neighbour quantizer over colour bins (`format`). Reads the WHOLE ArrayBuffer
   * behind `rgba` as RGBA pixels: pass an array that owns its buffer, not a subarray view.
   */
  export function quantize(rgba: Uint8Array | Uint8ClampedArray, maxColors: number, options?: QuantizeOptions): Palette;

  /** Nearest palette index per pixel, no dithering. Reads the whole ArrayBuffer behind `rgba`, like quantize. */
  export function applyPalette(rgba: Uint8Array | Uint8ClampedArray, palette: Palette, format?: ColorFormat): Uint8Array;

  export interface WriteFrameOptions {
    /** Required for the first frame in auto mode (global table); else a local colour table. */
    palette?: Palette | null;
    /** Manual mode (auto: false): writes the logical screen descriptor and global table first. */
    first?: boolean;
    transparent?: boolean;
    transparentIndex?: number;
    /** Milliseconds; written rounded to 1/100 s. */
    delay?: number;
    /** NETSCAPE2.0 loop count: 0 forever, -1 no extension (first frame only). */
    repeat?: number;
    colorDepth?: number;
    /** GIF disposal method 0-7; -1 = gifenc's default (2 with transparency, else 0). */
    dispose?: number;
  }

  export interface ByteStream {
    readonly buffer: ArrayBuffer;
    reset(): void;
    bytesView(): Uint8Array;
    bytes(): Uint8Array;
    writeByte(byte: number): void;
    writeBytes(data: ArrayLike<number>, offset?: number, byteLength?: number): void;
    writeBytesView(data: Uint8Array, offset?: number, byteLength?: number): void;
  }

  export interface Encoder {
    reset(): void;
    /** Writes the trailer byte. */
    finish(): void;
    /** A copy of the bytes written so far. */
    bytes(): Uint8Array<ArrayBuffer>;
    /** A view of the bytes written so far (no copy; invalid once the stream grows). */
    bytesView(): Uint8Array;
    readonly buffer: ArrayBuffer;
    readonly stream: ByteStream;
    writeHeader(): void;
    /**
     * Writes a graphic control extension, an image descriptor at (0, 0) and the LZW-coded
     * indices (`index.length` of them: a subarray view is fine here).
     */
    writeFrame(index: Uint8Array, width: number, height: number, options?: WriteFrameOptions): void;
  }

  export function GIFEncoder(options?: { initialCapacity?: number; auto?: boolean }): Encoder;
}
