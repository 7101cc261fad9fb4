import { describe, expect, it } from 'vitest';
import {
  messageField,
  readMessage,
  readVarint,
  repeatedFloatField,
  repeatedVarintField,
  varintField,
  WireType,
} from './canonical-face-protobuf.ts';

const bytes = (...values: number[]) => Uint8Array.from(values);
const floatBytes = (...values: number[]) => new Uint8Array(Float32Array.from(values).buffer);
const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((part) => [...part]));

describe('readVarint', () => {
  it('decodes single- and multi-byte varints (protobuf docs examples)', () => {
    expect(readVarint(bytes(0x01), 0)).toEqual({ value: 1n, next: 1 });
    expect(readVarint(bytes(0x96, 0x01), 0)).toEqual({ value: 150n, next: 2 });
    expect(readVarint(bytes(0xff, 0xac, 0x02), 1)).toEqual({ value: 300n, next: 3 });
    expect(readVarint(bytes(0xff, 0xff, 0xff, 0xff, 0x0f), 0).value).toBe(0xffffffffn);
  });

  it('rejects truncated and over-long varints', () => {
    expect(() => readVarint(bytes(0x96), 0)).toThrow(/past the end/);
    expect(() => readVarint(new Uint8Array(11).fill(0x80), 0)).toThrow(/longer than 10 bytes/);
  });
});

describe('readMessage', () => {
  // field 1 varint 150; field 2 string "hi"; field 3 fixed32 1.5; field 4 fixed64; field 1 varint 7
  const message = concat(
    bytes(0x08, 0x96, 0x01),
    bytes(0x12, 0x02, 0x68, 0x69),
    bytes(0x1d),
    floatBytes(1.5),
    bytes(0x21, 1, 2, 3, 4, 5, 6, 7, 8),
    bytes(0x08, 0x07),
  );

  it('splits a message into its fields in wire order', () => {
    const fields = readMessage(message);
    expect(fields.map((f) => [f.field, f.wireType])).toEqual([
      [1, WireType.varint],
      [2, WireType.lengthDelimited],
      [3, WireType.fixed32],
      [4, WireType.fixed64],
      [1, WireType.varint],
    ]);
    expect(new TextDecoder().decode(messageField(fields, 2))).toBe('hi');
    expect(repeatedFloatField(fields, 3)).toEqual(Float32Array.from([1.5]));
  });

  it('lets the last occurrence of a singular field win, with a default when absent', () => {
    const fields = readMessage(message);
    expect(varintField(fields, 1)).toBe(7);
    expect(varintField(fields, 9, 42)).toBe(42);
    expect(messageField(fields, 9)).toBeUndefined();
    expect(() => messageField(fields, 1)).toThrow(/not length-delimited/);
    expect(() => varintField(fields, 2)).toThrow(/not a varint/);
  });

  it('rejects truncated fields, groups and field number 0', () => {
    expect(() => readMessage(bytes(0x12, 0x05, 0x68))).toThrow(/past the end/);
    expect(() => readMessage(bytes(0x1d, 0x00))).toThrow(/past the end/);
    expect(() => readMessage(bytes(0x0b))).toThrow(/wire type 3/);
    expect(() => readMessage(bytes(0x00, 0x00))).toThrow(/field number 0/);
  });
});

describe('repeated fields', () => {
  it('reads packed and unpacked floats, mixed, in order', () => {
    const packed = floatBytes(1, -2.5, 1e-3);
    const fields = readMessage(concat(bytes(0x1a, packed.length), packed, bytes(0x1d), floatBytes(4)));
    expect(repeatedFloatField(fields, 3)).toEqual(Float32Array.from([1, -2.5, 1e-3, 4]));
    expect(() => repeatedFloatField(readMessage(bytes(0x1a, 0x03, 0, 0, 0)), 3)).toThrow(/3 bytes/);
  });

  it('reads packed and unpacked varints', () => {
    // field 4 packed [3, 270, 86942], then unpacked 5
    const fields = readMessage(bytes(0x22, 0x06, 0x03, 0x8e, 0x02, 0x9e, 0xa7, 0x05, 0x20, 0x05));
    expect(repeatedVarintField(fields, 4)).toEqual([3, 270, 86942, 5]);
    expect(repeatedVarintField(fields, 7)).toEqual([]);
  });
});
