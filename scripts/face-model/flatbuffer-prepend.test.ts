import { describe, expect, it } from 'vitest';
import {
  existingObject,
  float32Field,
  int32Field,
  int8Field,
  newByteVector,
  newInt32Vector,
  newOffsetVector,
  newString,
  newTable,
  offsetField,
  prependRoot,
  uint32Field,
  uint8Field,
} from './flatbuffer-prepend.ts';
import { FlatTable } from './flatbuffer-table.ts';

describe('prependRoot', () => {
  // An "original" buffer containing a string at position 8 (length-prefixed, NUL-terminated).
  const original = new Uint8Array(16);
  new DataView(original.buffer).setUint32(8, 3, true);
  original.set(new TextEncoder().encode('old'), 12);

  const child = newTable([int32Field(0, 42)]);
  const payload = Uint8Array.from([1, 2, 3, 4, 5]);
  const bytes = prependRoot(
    newTable([
      int8Field(0, -5),
      uint8Field(1, 200),
      int32Field(2, -123456),
      uint32Field(3, 0xfffffff0),
      float32Field(4, 1.5),
      offsetField(5, newString('héllo')),
      offsetField(6, newInt32Vector([3, -1, 7])),
      offsetField(7, newOffsetVector([child, newTable([])])),
      offsetField(9, newByteVector(payload, 16)), // slot 8 left absent on purpose
      offsetField(10, existingObject(8)),
    ]),
    original,
    'TEST',
  );
  const root = FlatTable.root(bytes, 'TEST');

  it('writes every field kind so a flatbuffer reader gets them back', () => {
    expect(root.int8(0)).toBe(-5);
    expect(root.uint8(1)).toBe(200);
    expect(root.int32(2)).toBe(-123456);
    expect(root.uint32(3)).toBe(0xfffffff0);
    expect(root.float32(4)).toBe(1.5);
    expect(root.string(5)).toBe('héllo');
    expect(root.int32s(6)).toEqual([3, -1, 7]);
    const [first, empty] = root.tables(7);
    expect(first!.int32(0)).toBe(42);
    expect(empty!.slotCount).toBe(0);
    expect(root.has(8)).toBe(false);
    expect(root.bytes(9)).toEqual(payload);
    expect(root.slotCount).toBe(11);
  });

  it('keeps the original bytes intact, 16-aligned at the end, and points into them', () => {
    const start = bytes.length - original.length;
    expect(start % 16).toBe(0);
    expect(bytes.subarray(start)).toEqual(original);
    expect(root.target(10)).toBe(start + 8);
    expect(root.string(10)).toBe('old');
  });

  it('aligns byte-vector data as requested and NUL-terminates strings', () => {
    const dataPosition = root.bytes(9)!.byteOffset - bytes.byteOffset;
    expect(dataPosition % 16).toBe(0);
    const stringPosition = root.target(5)!;
    const length = new DataView(bytes.buffer).getUint32(stringPosition, true);
    expect(bytes[stringPosition + 4 + length]).toBe(0);
  });

  it('refuses a new object referenced twice and duplicate field ids', () => {
    const shared = newString('x');
    expect(() => prependRoot(newTable([offsetField(0, shared), offsetField(1, shared)]), original, 'TEST')).toThrow(
      /only once/,
    );
    expect(() => prependRoot(newTable([int32Field(0, 1), int32Field(0, 2)]), original, 'TEST')).toThrow(/duplicate/);
  });

  it('rejects a wrong file identifier on read', () => {
    expect(() => FlatTable.root(bytes, 'TFL3')).toThrow(/identifier/);
  });
});
