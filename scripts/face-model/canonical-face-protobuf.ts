// A minimal protobuf wire-format reader: just enough to pull the canonical face mesh out of
// MediaPipe's geometry_pipeline_metadata_landmarks.binarypb without a protobuf dependency or
// generated code. Messages are read field by field; the caller knows its schema.

/** Protobuf wire types (https://protobuf.dev/programming-guides/encoding/). */
export const WireType = {
  varint: 0,
  fixed64: 1,
  lengthDelimited: 2,
  startGroup: 3,
  endGroup: 4,
  fixed32: 5,
} as const;
export type WireType = (typeof WireType)[keyof typeof WireType];

/** One field occurrence of a message, in the order it appears on the wire. */
export type ProtoField =
  | { field: number; wireType: typeof WireType.varint; value: bigint }
  | { field: number; wireType: typeof WireType.fixed64; value: Uint8Array }
  | { field: number; wireType: typeof WireType.lengthDelimited; value: Uint8Array }
  | { field: number; wireType: typeof WireType.fixed32; value: Uint8Array };

/** Reads an unsigned LEB128 varint at `offset`; returns the value and the offset after it. */
export function readVarint(bytes: Uint8Array, offset: number): { value: bigint; next: number } {
  let value = 0n;
  let shift = 0n;
  for (let i = offset; i < bytes.length; i++) {
    const byte = bytes[i]!;
    value |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return { value, next: i + 1 };
    shift += 7n;
    // 10 bytes carry 64 bits; anything longer is corrupt, not just large.
    if (shift >= 70n) throw new Error(`varint at byte ${offset} is longer than 10 bytes`);
  }
  throw new Error(`varint at byte ${offset} runs past the end of the buffer`);
}

/** Splits a serialized message into its fields. Groups (deprecated) are rejected. */
export function readMessage(bytes: Uint8Array): ProtoField[] {
  const fields: ProtoField[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const key = readVarint(bytes, offset);
    offset = key.next;
    const field = Number(key.value >> 3n);
    const wireType = Number(key.value & 7n);
    if (field === 0) throw new Error(`field number 0 at byte ${offset}`);
    const take = (length: number): Uint8Array => {
      if (offset + length > bytes.length) throw new Error(`field ${field} runs past the end of the buffer`);
      const value = bytes.subarray(offset, offset + length);
      offset += length;
      return value;
    };
    switch (wireType) {
      case WireType.varint: {
        const { value, next } = readVarint(bytes, offset);
        offset = next;
        fields.push({ field, wireType, value });
        break;
      }
      case WireType.fixed64:
        fields.push({ field, wireType, value: take(8) });
        break;
      case WireType.lengthDelimited: {
        const length = readVarint(bytes, offset);
        offset = length.next;
        fields.push({ field, wireType, value: take(Number(length.value)) });
        break;
      }
      case WireType.fixed32:
        fields.push({ field, wireType, value: take(4) });
        break;
      default:
        throw new Error(`unsupported wire type ${wireType} for field ${field}`);
    }
  }
  return fields;
}

/** The last occurrence of a field wins for singular fields (protobuf merge semantics). */
export function lastField(fields: readonly ProtoField[], field: number): ProtoField | undefined {
  for (let i = fields.length - 1; i >= 0; i--) if (fields[i]!.field === field) return fields[i];
  return undefined;
}

/** A singular varint field as a number, or `fallback` when absent. */
export function varintField(fields: readonly ProtoField[], field: number, fallback = 0): number {
  const found = lastField(fields, field);
  if (!found) return fallback;
  if (found.wireType !== WireType.varint) throw new Error(`field ${field} is not a varint`);
  return Number(found.value);
}

/** A singular embedded message (length-delimited) field, or undefined when absent. */
export function messageField(fields: readonly ProtoField[], field: number): Uint8Array | undefined {
  const found = lastField(fields, field);
  if (!found) return undefined;
  if (found.wireType !== WireType.lengthDelimited) throw new Error(`field ${field} is not length-delimited`);
  return found.value;
}

/**
 * A `repeated float` field. Parsers must accept both packed (one length-delimited run) and
 * unpacked (one fixed32 per element) encodings, possibly mixed, so both are handled.
 */
export function repeatedFloatField(fields: readonly ProtoField[], field: number): Float32Array {
  const values: number[] = [];
  for (const f of fields) {
    if (f.field !== field) continue;
    if (f.wireType === WireType.fixed32) values.push(littleEndian(f.value).getFloat32(0, true));
    else if (f.wireType === WireType.lengthDelimited) {
      if (f.value.length % 4 !== 0) throw new Error(`packed float field ${field} has ${f.value.length} bytes`);
      const view = littleEndian(f.value);
      for (let i = 0; i < f.value.length; i += 4) values.push(view.getFloat32(i, true));
    } else throw new Error(`field ${field} is not a float`);
  }
  return Float32Array.from(values);
}

/** A `repeated uint32` (or any varint) field, packed or unpacked. */
export function repeatedVarintField(fields: readonly ProtoField[], field: number): number[] {
  const values: number[] = [];
  for (const f of fields) {
    if (f.field !== field) continue;
    if (f.wireType === WireType.varint) values.push(Number(f.value));
    else if (f.wireType === WireType.lengthDelimited) {
      for (let offset = 0; offset < f.value.length; ) {
        const { value, next } = readVarint(f.value, offset);
        values.push(Number(value));
        offset = next;
      }
    } else throw new Error(`field ${field} is not a varint`);
  }
  return values;
}

const littleEndian = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
