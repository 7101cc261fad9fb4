// Extends an existing flatbuffer without its full schema: new objects (a new root table and
// whatever it needs) are laid out in front of the untouched original bytes. Flatbuffer uoffsets
// are unsigned and always point forward, so new objects may reference original objects (which
// sit after them) and every offset inside the original stays valid. The old root simply
// becomes unreachable.

/** Scalar field encodings a table field can use (each stored in a 4-byte slot). */
export type ScalarType = 'int8' | 'uint8' | 'int32' | 'uint32' | 'float32';

export type TableField =
  | { readonly id: number; readonly type: ScalarType; readonly value: number }
  | { readonly id: number; readonly type: 'offset'; readonly value: NewObject };

export type NewObject =
  | { readonly kind: 'table'; readonly fields: readonly TableField[] }
  | { readonly kind: 'int32Vector'; readonly values: readonly number[] }
  | { readonly kind: 'offsetVector'; readonly items: readonly NewObject[] }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'byteVector'; readonly bytes: Uint8Array; readonly dataAlignment: number }
  /** An object of the original buffer, by its absolute position there. */
  | { readonly kind: 'existing'; readonly position: number };

export type NewTable = Extract<NewObject, { kind: 'table' }>;

export const newTable = (fields: readonly TableField[]): NewTable => ({ kind: 'table', fields });
export const newInt32Vector = (values: readonly number[]): NewObject => ({ kind: 'int32Vector', values });
export const newOffsetVector = (items: readonly NewObject[]): NewObject => ({ kind: 'offsetVector', items });
export const newString = (value: string): NewObject => ({ kind: 'string', value });
export const newByteVector = (bytes: Uint8Array, dataAlignment = 4): NewObject => ({
  kind: 'byteVector',
  bytes,
  dataAlignment,
});
export const existingObject = (position: number): NewObject => ({ kind: 'existing', position });

export const int8Field = (id: number, value: number): TableField => ({ id, type: 'int8', value });
export const uint8Field = (id: number, value: number): TableField => ({ id, type: 'uint8', value });
export const int32Field = (id: number, value: number): TableField => ({ id, type: 'int32', value });
export const uint32Field = (id: number, value: number): TableField => ({ id, type: 'uint32', value });
export const float32Field = (id: number, value: number): TableField => ({ id, type: 'float32', value });
export const offsetField = (id: number, value: NewObject): TableField => ({ id, type: 'offset', value });

/** Where a new object landed in the output. Tables also get a vtable just before them. */
interface Placement {
  position: number;
  vtablePosition?: number;
}

const HEADER_SIZE = 8; // root uoffset + 4-byte file identifier
/** The original buffer is placed at a multiple of this, preserving its internal alignment. */
const ORIGINAL_ALIGNMENT = 16;

const alignUp = (value: number, alignment: number) => Math.ceil(value / alignment) * alignment;
const textEncoder = new TextEncoder();

/**
 * Returns a flatbuffer whose root is `root`, followed by `original` (unchanged, 16-aligned).
 * Each new object must be referenced only once (a shared object could need a backward offset).
 */
export function prependRoot(root: NewTable, original: Uint8Array, fileIdentifier: string): Uint8Array {
  if (fileIdentifier.length !== 4) throw new Error('file identifier must be 4 characters');
  const { placements, order, end } = layOut(root);
  const originalStart = alignUp(end, ORIGINAL_ALIGNMENT);
  const out = new Uint8Array(originalStart + original.length);
  out.set(original, originalStart);
  const view = new DataView(out.buffer);

  const positionOf = (object: NewObject): number => {
    if (object.kind === 'existing') return originalStart + object.position;
    const placement = placements.get(object);
    if (!placement) throw new Error('object was not laid out');
    return placement.position;
  };
  const writeOffset = (at: number, target: NewObject) => {
    const delta = positionOf(target) - at;
    if (delta <= 0) throw new Error(`flatbuffer offsets must point forward (at ${at}, delta ${delta})`);
    view.setUint32(at, delta, true);
  };

  view.setUint32(0, positionOf(root), true);
  out.set(textEncoder.encode(fileIdentifier), 4);

  for (const object of order) {
    const { position, vtablePosition } = placements.get(object)!;
    switch (object.kind) {
      case 'table': {
        const vtable = vtablePosition!;
        view.setUint16(vtable, vtableSize(object), true);
        view.setUint16(vtable + 2, tableSize(object), true);
        view.setInt32(position, position - vtable, true); // soffset: vtable = table - soffset
        object.fields.forEach((field, slot) => {
          const at = position + 4 + 4 * slot;
          view.setUint16(vtable + 4 + 2 * field.id, at - position, true);
          writeField(view, at, field, writeOffset);
        });
        break;
      }
      case 'int32Vector':
        view.setUint32(position, object.values.length, true);
        object.values.forEach((value, i) => view.setInt32(position + 4 + 4 * i, value, true));
        break;
      case 'offsetVector':
        view.setUint32(position, object.items.length, true);
        object.items.forEach((item, i) => writeOffset(position + 4 + 4 * i, item));
        break;
      case 'string': {
        const utf8 = textEncoder.encode(object.value);
        view.setUint32(position, utf8.length, true);
        out.set(utf8, position + 4); // the NUL terminator is the zero-filled byte after it
        break;
      }
      case 'byteVector':
        view.setUint32(position, object.bytes.length, true);
        out.set(object.bytes, position + 4);
        break;
      case 'existing':
        break;
    }
  }
  return out;
}

function writeField(
  view: DataView,
  at: number,
  field: TableField,
  writeOffset: (at: number, target: NewObject) => void,
): void {
  switch (field.type) {
    case 'int8':
      view.setInt8(at, field.value);
      break;
    case 'uint8':
      view.setUint8(at, field.value);
      break;
    case 'int32':
      view.setInt32(at, field.value, true);
      break;
    case 'uint32':
      view.setUint32(at, field.value, true);
      break;
    case 'float32':
      view.setFloat32(at, field.value, true);
      break;
    case 'offset':
      writeOffset(at, field.value);
      break;
  }
}

const vtableSize = (table: NewTable) => 4 + 2 * (Math.max(-1, ...table.fields.map((f) => f.id)) + 1);
/** Every field gets a 4-byte slot: simple, and all scalars used here fit. */
const tableSize = (table: NewTable) => 4 + 4 * table.fields.length;

/**
 * Assigns positions breadth-first from the root, so every object lies after each object that
 * references it (children are only queued once their parent is placed).
 */
function layOut(root: NewTable): { placements: Map<NewObject, Placement>; order: NewObject[]; end: number } {
  const placements = new Map<NewObject, Placement>();
  const order: NewObject[] = [];
  const queue: NewObject[] = [root];
  let cursor = HEADER_SIZE;
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const object = next;
    if (object.kind === 'existing') continue;
    if (placements.has(object)) throw new Error('a new flatbuffer object may be referenced only once');
    let placement: Placement;
    switch (object.kind) {
      case 'table': {
        const ids = new Set(object.fields.map((f) => f.id));
        if (ids.size !== object.fields.length) throw new Error('duplicate field id in table');
        const vtablePosition = alignUp(cursor, 2);
        placement = { vtablePosition, position: alignUp(vtablePosition + vtableSize(object), 4) };
        cursor = placement.position + tableSize(object);
        for (const field of object.fields) if (field.type === 'offset') queue.push(field.value);
        break;
      }
      case 'int32Vector':
        placement = { position: alignUp(cursor, 4) };
        cursor = placement.position + 4 + 4 * object.values.length;
        break;
      case 'offsetVector':
        placement = { position: alignUp(cursor, 4) };
        cursor = placement.position + 4 + 4 * object.items.length;
        queue.push(...object.items);
        break;
      case 'string':
        placement = { position: alignUp(cursor, 4) };
        cursor = placement.position + 4 + textEncoder.encode(object.value).length + 1;
        break;
      case 'byteVector': {
        const alignment = Math.max(4, object.dataAlignment);
        // The length prefix sits right before the data, so the data (not the prefix) is aligned.
        placement = { position: alignUp(cursor + 4, alignment) - 4 };
        cursor = placement.position + 4 + object.bytes.length;
        break;
      }
    }
    placements.set(object, placement);
    order.push(object);
  }
  return { placements, order, end: cursor };
}
