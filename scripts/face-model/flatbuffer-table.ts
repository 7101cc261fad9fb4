// Schema-less, read-only access to flatbuffer tables by field id. The model patcher needs the
// absolute positions of existing objects (to point new tables at them), which generated
// flatbuffer accessors do not expose, so the TFLite reader is built on this instead.
import { ByteBuffer } from 'flatbuffers';

const textDecoder = new TextDecoder('utf-8', { fatal: true });

export class FlatTable {
  constructor(
    readonly bb: ByteBuffer,
    /** Absolute byte position of the table (its soffset to the vtable). */
    readonly position: number,
  ) {}

  /** The root table of a finished flatbuffer, after checking its file identifier. */
  static root(bytes: Uint8Array, fileIdentifier: string): FlatTable {
    if (bytes.length < 8) throw new Error('flatbuffer too short');
    const bb = new ByteBuffer(bytes);
    if (!bb.__has_identifier(fileIdentifier)) {
      throw new Error(`flatbuffer identifier is "${bb.getBufferIdentifier()}", expected "${fileIdentifier}"`);
    }
    return new FlatTable(bb, bb.__indirect(bb.position()));
  }

  /** Number of field slots declared in this table's vtable. */
  get slotCount(): number {
    const vtable = this.position - this.bb.readInt32(this.position);
    return (this.bb.readUint16(vtable) - 4) / 2;
  }

  /** Offset of the field's value from the table start, or 0 when the field is absent. */
  private fieldOffset(id: number): number {
    return this.bb.__offset(this.position, 4 + 2 * id);
  }

  has(id: number): boolean {
    return this.fieldOffset(id) !== 0;
  }

  /** Absolute position of the table, vector or string an offset field points to. */
  target(id: number): number | null {
    const offset = this.fieldOffset(id);
    return offset ? this.bb.__indirect(this.position + offset) : null;
  }

  table(id: number): FlatTable | null {
    const target = this.target(id);
    return target === null ? null : new FlatTable(this.bb, target);
  }

  /** Elements of a vector of tables, in order. */
  tables(id: number): FlatTable[] {
    const offset = this.fieldOffset(id);
    if (!offset) return [];
    const start = this.bb.__vector(this.position + offset);
    const length = this.bb.__vector_len(this.position + offset);
    return Array.from({ length }, (_, i) => new FlatTable(this.bb, this.bb.__indirect(start + 4 * i)));
  }

  int32s(id: number): number[] {
    const offset = this.fieldOffset(id);
    if (!offset) return [];
    const start = this.bb.__vector(this.position + offset);
    const length = this.bb.__vector_len(this.position + offset);
    return Array.from({ length }, (_, i) => this.bb.readInt32(start + 4 * i));
  }

  float32s(id: number): number[] {
    const offset = this.fieldOffset(id);
    if (!offset) return [];
    const start = this.bb.__vector(this.position + offset);
    const length = this.bb.__vector_len(this.position + offset);
    return Array.from({ length }, (_, i) => this.bb.readFloat32(start + 4 * i));
  }

  /** A `[ubyte]` vector as a view into the underlying bytes (no copy). */
  bytes(id: number): Uint8Array | null {
    const offset = this.fieldOffset(id);
    if (!offset) return null;
    const start = this.bb.__vector(this.position + offset);
    const length = this.bb.__vector_len(this.position + offset);
    const all = this.bb.bytes();
    return all.subarray(start, start + length);
  }

  string(id: number): string | null {
    const data = this.stringBytes(id);
    return data === null ? null : textDecoder.decode(data);
  }

  private stringBytes(id: number): Uint8Array | null {
    const target = this.target(id);
    if (target === null) return null;
    const length = this.bb.readUint32(target);
    return this.bb.bytes().subarray(target + 4, target + 4 + length);
  }

  int8(id: number, defaultValue = 0): number {
    const offset = this.fieldOffset(id);
    return offset ? this.bb.readInt8(this.position + offset) : defaultValue;
  }

  uint8(id: number, defaultValue = 0): number {
    const offset = this.fieldOffset(id);
    return offset ? this.bb.readUint8(this.position + offset) : defaultValue;
  }

  int32(id: number, defaultValue = 0): number {
    const offset = this.fieldOffset(id);
    return offset ? this.bb.readInt32(this.position + offset) : defaultValue;
  }

  uint32(id: number, defaultValue = 0): number {
    const offset = this.fieldOffset(id);
    return offset ? this.bb.readUint32(this.position + offset) : defaultValue;
  }

  float32(id: number, defaultValue = 0): number {
    const offset = this.fieldOffset(id);
    return offset ? this.bb.readFloat32(this.position + offset) : defaultValue;
  }
}
