// Adds tflite-support metadata (and optionally extra graph nodes and outputs) to an existing
// TFLite model by prepending a new root `Model` table. Original tensors, operators and weight
// buffers are referenced in place, never rewritten.
import {
  existingObject,
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
  type NewObject,
  type TableField,
} from './flatbuffer-prepend.ts';
import { FlatTable } from './flatbuffer-table.ts';
import { readTfliteModel, tfliteRoot, type TfliteModel } from './tflite-reader.ts';
import {
  BUFFER_DATA_ALIGNMENT,
  BufferField,
  BuiltinOperator,
  MetadataField,
  MODEL_FIELD_COUNT,
  ModelField,
  OperatorCodeField,
  OperatorField,
  PLACEHOLDER_FOR_GREATER_OP_CODES,
  SUBGRAPH_FIELD_COUNT,
  SubGraphField,
  TensorField,
  TFLITE_FILE_IDENTIFIER,
  TFLITE_METADATA_ENTRY_NAME,
} from './tflite-schema.ts';

export interface NewTensor {
  name: string;
  shape: readonly number[];
  type: number;
  /** Constant contents; omitted for activations (they use the empty buffer 0). */
  data?: Uint8Array;
}

export interface NewOperator {
  builtinCode: number;
  /** Tensor indices; new tensors follow the subgraph's existing ones. -1 = optional input absent. */
  inputs: readonly number[];
  outputs: readonly number[];
  options?: { type: number; fields: readonly TableField[] };
}

/** Appended to the first subgraph. */
export interface GraphExtension {
  tensors: readonly NewTensor[];
  operators: readonly NewOperator[];
  /** Replaces the subgraph's output list. */
  outputs: readonly number[];
}

export interface ModelPatch {
  /** A finished tflite-support ModelMetadata flatbuffer (identifier M001). */
  metadata: Uint8Array;
  graphExtension?: GraphExtension;
}

export function patchTfliteModel(original: Uint8Array, patch: ModelPatch): Uint8Array {
  const model = tfliteRoot(original);
  assertKnownSlots(model, MODEL_FIELD_COUNT, 'Model');
  const parsed = readTfliteModel(original);

  const newBufferTables: NewObject[] = [];
  const appendBuffer = (data: Uint8Array): number => {
    newBufferTables.push(newTable([offsetField(BufferField.data, newByteVector(data, BUFFER_DATA_ALIGNMENT))]));
    return parsed.bufferCount + newBufferTables.length - 1;
  };

  const replaced = new Map<number, NewObject>();
  if (patch.graphExtension) {
    const { operatorCodes, subgraphs } = extendFirstSubgraph(model, parsed, patch.graphExtension, appendBuffer);
    replaced.set(ModelField.operatorCodes, operatorCodes);
    replaced.set(ModelField.subgraphs, subgraphs);
  }

  // Any previous TFLITE_METADATA entry is dropped so readers cannot pick a stale one (its buffer
  // stays, unreferenced: renumbering buffers would mean rewriting every tensor).
  const metadataBufferIndex = appendBuffer(patch.metadata);
  const keptMetadata = model
    .tables(ModelField.metadata)
    .filter((_, i) => parsed.metadata[i]!.name !== TFLITE_METADATA_ENTRY_NAME)
    .map((entry) => existingObject(entry.position));
  const metadataEntry = newTable([
    offsetField(MetadataField.name, newString(TFLITE_METADATA_ENTRY_NAME)),
    uint32Field(MetadataField.buffer, metadataBufferIndex),
  ]);
  replaced.set(ModelField.metadata, newOffsetVector([...keptMetadata, metadataEntry]));
  replaced.set(
    ModelField.buffers,
    newOffsetVector([...tablePositions(model, ModelField.buffers), ...newBufferTables]),
  );

  const fields: TableField[] = [uint32Field(ModelField.version, parsed.version)];
  // Every other Model field is an offset: keep the original object unless replaced above.
  for (let id = 1; id < MODEL_FIELD_COUNT; id++) {
    const value = replaced.get(id) ?? positionAsObject(model.target(id));
    if (value) fields.push(offsetField(id, value));
  }
  return prependRoot(newTable(fields), original, TFLITE_FILE_IDENTIFIER);
}

function extendFirstSubgraph(
  model: FlatTable,
  parsed: TfliteModel,
  extension: GraphExtension,
  appendBuffer: (data: Uint8Array) => number,
): { operatorCodes: NewObject; subgraphs: NewObject } {
  const [subgraph, ...otherSubgraphs] = model.tables(ModelField.subgraphs);
  if (!subgraph) throw new Error('model has no subgraph');
  assertKnownSlots(subgraph, SUBGRAPH_FIELD_COUNT, 'SubGraph');
  const tensorCount = parsed.subgraphs[0]!.tensors.length;
  const totalTensors = tensorCount + extension.tensors.length;
  const checkTensor = (index: number, optional: boolean) => {
    if (index >= totalTensors || index < (optional ? -1 : 0)) throw new Error(`tensor index ${index} out of range`);
  };

  // Reuse an existing builtin operator code when there is one; append the rest (version 1).
  const addedCodes: number[] = [];
  const opcodeIndex = (builtinCode: number): number => {
    if (builtinCode === BuiltinOperator.CUSTOM) throw new Error('custom operators are not supported');
    const found = parsed.operatorCodes.findIndex((c) => c.customCode === null && c.builtinCode === builtinCode);
    if (found >= 0) return found;
    if (!addedCodes.includes(builtinCode)) addedCodes.push(builtinCode);
    return parsed.operatorCodes.length + addedCodes.indexOf(builtinCode);
  };

  const newTensors = extension.tensors.map((tensor) =>
    newTable([
      offsetField(TensorField.shape, newInt32Vector(tensor.shape)),
      int8Field(TensorField.type, tensor.type),
      uint32Field(TensorField.buffer, tensor.data ? appendBuffer(tensor.data) : 0),
      offsetField(TensorField.name, newString(tensor.name)),
    ]),
  );
  const newOperators = extension.operators.map((op) => {
    op.inputs.forEach((i) => checkTensor(i, true));
    op.outputs.forEach((i) => checkTensor(i, false));
    const fields = [
      uint32Field(OperatorField.opcodeIndex, opcodeIndex(op.builtinCode)),
      offsetField(OperatorField.inputs, newInt32Vector(op.inputs)),
      offsetField(OperatorField.outputs, newInt32Vector(op.outputs)),
    ];
    if (op.options) {
      fields.push(uint8Field(OperatorField.builtinOptionsType, op.options.type));
      fields.push(offsetField(OperatorField.builtinOptions, newTable(op.options.fields)));
    }
    return newTable(fields);
  });
  extension.outputs.forEach((i) => checkTensor(i, false));

  const subgraphFields: TableField[] = [
    offsetField(SubGraphField.tensors, newOffsetVector([...tablePositions(subgraph, SubGraphField.tensors), ...newTensors])),
    offsetField(SubGraphField.inputs, newInt32Vector(parsed.subgraphs[0]!.inputs)),
    offsetField(SubGraphField.outputs, newInt32Vector(extension.outputs)),
    offsetField(
      SubGraphField.operators,
      newOffsetVector([...tablePositions(subgraph, SubGraphField.operators), ...newOperators]),
    ),
  ];
  const name = positionAsObject(subgraph.target(SubGraphField.name));
  if (name) subgraphFields.push(offsetField(SubGraphField.name, name));

  const newCodes = addedCodes.map((code) =>
    newTable([
      int8Field(OperatorCodeField.deprecatedBuiltinCode, Math.min(code, PLACEHOLDER_FOR_GREATER_OP_CODES)),
      int32Field(OperatorCodeField.version, 1),
      int32Field(OperatorCodeField.builtinCode, code),
    ]),
  );
  return {
    operatorCodes: newOffsetVector([...tablePositions(model, ModelField.operatorCodes), ...newCodes]),
    subgraphs: newOffsetVector([
      newTable(subgraphFields),
      ...otherSubgraphs.map((other) => existingObject(other.position)),
    ]),
  };
}

const tablePositions = (table: FlatTable, id: number): NewObject[] =>
  table.tables(id).map((element) => existingObject(element.position));

const positionAsObject = (position: number | null): NewObject | null =>
  position === null ? null : existingObject(position);

/** Refuse tables carrying fields from a newer schema: copying them blindly could be wrong. */
function assertKnownSlots(table: FlatTable, knownSlots: number, what: string): void {
  for (let id = knownSlots; id < table.slotCount; id++) {
    if (table.has(id)) throw new Error(`${what} has field ${id}, unknown to this patcher`);
  }
}
