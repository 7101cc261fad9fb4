// The few parts of TensorFlow Lite's `tensorflow/lite/schema/schema.fbs` this build touches.
// Flatbuffer fields are addressed by their declaration order (the vtable slot id), so these
// numbers are the schema: they must match schema.fbs exactly.

/** The 4-byte file identifier at offset 4 of every TFLite flatbuffer. */
export const TFLITE_FILE_IDENTIFIER = 'TFL3';

/** Name of the `Model.metadata` entry whose buffer holds the tflite-support ModelMetadata. */
export const TFLITE_METADATA_ENTRY_NAME = 'TFLITE_METADATA';

export const ModelField = {
  version: 0,
  operatorCodes: 1,
  subgraphs: 2,
  description: 3,
  buffers: 4,
  metadataBuffer: 5,
  metadata: 6,
  signatureDefs: 7,
} as const;
/** Number of vtable slots of `Model` this code understands; a newer schema must be reviewed. */
export const MODEL_FIELD_COUNT = 8;

export const OperatorCodeField = {
  deprecatedBuiltinCode: 0,
  customCode: 1,
  version: 2,
  builtinCode: 3,
} as const;

export const SubGraphField = {
  tensors: 0,
  inputs: 1,
  outputs: 2,
  operators: 3,
  name: 4,
} as const;
/** Number of vtable slots of `SubGraph` this code understands. */
export const SUBGRAPH_FIELD_COUNT = 5;

export const TensorField = {
  shape: 0,
  type: 1,
  buffer: 2,
  name: 3,
} as const;

export const OperatorField = {
  opcodeIndex: 0,
  inputs: 1,
  outputs: 2,
  builtinOptionsType: 3,
  builtinOptions: 4,
} as const;

export const BufferField = {
  data: 0,
} as const;

export const MetadataField = {
  name: 0,
  buffer: 1,
} as const;

/** `enum TensorType : byte` (subset). */
export const TensorType = {
  FLOAT32: 0,
  INT32: 2,
} as const;

/** `enum BuiltinOperator : int32` (subset). */
export const BuiltinOperator = {
  CONCATENATION: 2,
  FULLY_CONNECTED: 9,
  RESHAPE: 22,
  CUSTOM: 32,
  GATHER: 36,
} as const;

/**
 * `OperatorCode.deprecated_builtin_code` is an int8; codes above 127 store this placeholder
 * there and the real value in `builtin_code`. Readers take the larger of the two.
 */
export const PLACEHOLDER_FOR_GREATER_OP_CODES = 127;

/** `union BuiltinOptions` type tags (subset). */
export const BuiltinOptionsType = {
  FullyConnectedOptions: 8,
  ConcatenationOptions: 10,
  ReshapeOptions: 17,
  GatherOptions: 23,
} as const;

/** Field ids inside the option tables above. */
export const ConcatenationOptionsField = { axis: 0, fusedActivationFunction: 1 } as const;
export const FullyConnectedOptionsField = { fusedActivationFunction: 0 } as const;
export const GatherOptionsField = { axis: 0 } as const;

/** `enum ActivationFunctionType : byte` (subset). */
export const ActivationFunctionType = { NONE: 0 } as const;

/** TFLite `Buffer.data` is declared `(force_align: 16)`; keep new buffers that aligned. */
export const BUFFER_DATA_ALIGNMENT = 16;
