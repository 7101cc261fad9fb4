// Builds the tflite-support `ModelMetadata` flatbuffer (tensorflow_lite_support/metadata/
// metadata_schema.fbs, identifier M001) that MediaPipe Tasks reads from a model's
// TFLITE_METADATA buffer. Tasks refuses float image inputs without NormalizationOptions
// ("it requires specifying NormalizationOptions metadata"), and the legacy models carry none.
import { Builder } from 'flatbuffers';

export const METADATA_FILE_IDENTIFIER = 'M001';
/** Oldest metadata parser that understands the fields written here. */
export const METADATA_MIN_PARSER_VERSION = '1.0.0';

// Field ids (declaration order) of metadata_schema.fbs.
export const ModelMetadataField = {
  name: 0,
  description: 1,
  version: 2,
  subgraphMetadata: 3,
  author: 4,
  license: 5,
  associatedFiles: 6,
  minParserVersion: 7,
} as const;
export const SubGraphMetadataField = { name: 0, description: 1, inputTensorMetadata: 2, outputTensorMetadata: 3 } as const;
export const TensorMetadataField = { name: 0, description: 1, dimensionNames: 2, content: 3, processUnits: 4 } as const;
/** A union takes two slots: its type tag, then the value. */
export const ContentField = { contentPropertiesType: 0, contentProperties: 1, range: 2 } as const;
export const ImagePropertiesField = { colorSpace: 0 } as const;
export const ProcessUnitField = { optionsType: 0, options: 1 } as const;
export const NormalizationOptionsField = { mean: 0, std: 1 } as const;

export const ContentPropertiesType = { ImageProperties: 2 } as const;
export const ProcessUnitOptionsType = { NormalizationOptions: 1 } as const;
export const ColorSpaceType = { RGB: 1 } as const;

export interface ImageModelMetadata {
  name: string;
  description: string;
  version: string;
  author: string;
  license: string;
  inputTensorName: string;
  /** Per-channel (or single) values of `(pixel - mean) / std`, pixel in 0..255. */
  normalization: { mean: readonly number[]; std: readonly number[] };
  outputTensorNames: readonly string[];
}

/** Metadata for a single-subgraph model with one RGB image input. */
export function buildImageModelMetadata(spec: ImageModelMetadata): Uint8Array {
  const b = new Builder(1024);
  const floatVector = (values: readonly number[]) => {
    b.startVector(4, values.length, 4);
    for (let i = values.length - 1; i >= 0; i--) b.addFloat32(values[i]!);
    return b.endVector();
  };
  const offsetVector = (offsets: readonly number[]) => {
    b.startVector(4, offsets.length, 4);
    for (let i = offsets.length - 1; i >= 0; i--) b.addOffset(offsets[i]!);
    return b.endVector();
  };

  // Builder.addField* omits a value equal to the default passed last; none below is.
  const mean = floatVector(spec.normalization.mean);
  const std = floatVector(spec.normalization.std);
  b.startObject(2);
  b.addFieldOffset(NormalizationOptionsField.mean, mean, 0);
  b.addFieldOffset(NormalizationOptionsField.std, std, 0);
  const normalization = b.endObject();

  b.startObject(2);
  b.addFieldInt8(ProcessUnitField.optionsType, ProcessUnitOptionsType.NormalizationOptions, 0);
  b.addFieldOffset(ProcessUnitField.options, normalization, 0);
  const processUnits = offsetVector([b.endObject()]);

  b.startObject(1);
  b.addFieldInt8(ImagePropertiesField.colorSpace, ColorSpaceType.RGB, 0);
  const imageProperties = b.endObject();
  b.startObject(3);
  b.addFieldInt8(ContentField.contentPropertiesType, ContentPropertiesType.ImageProperties, 0);
  b.addFieldOffset(ContentField.contentProperties, imageProperties, 0);
  const content = b.endObject();

  const inputName = b.createString(spec.inputTensorName);
  b.startObject(5);
  b.addFieldOffset(TensorMetadataField.name, inputName, 0);
  b.addFieldOffset(TensorMetadataField.content, content, 0);
  b.addFieldOffset(TensorMetadataField.processUnits, processUnits, 0);
  const inputTensor = b.endObject();

  const outputTensors = spec.outputTensorNames.map((name) => {
    const nameOffset = b.createString(name);
    b.startObject(1);
    b.addFieldOffset(TensorMetadataField.name, nameOffset, 0);
    return b.endObject();
  });

  const inputs = offsetVector([inputTensor]);
  const outputs = offsetVector(outputTensors);
  b.startObject(4);
  b.addFieldOffset(SubGraphMetadataField.inputTensorMetadata, inputs, 0);
  b.addFieldOffset(SubGraphMetadataField.outputTensorMetadata, outputs, 0);
  const subgraphs = offsetVector([b.endObject()]);

  const strings = {
    name: b.createString(spec.name),
    description: b.createString(spec.description),
    version: b.createString(spec.version),
    author: b.createString(spec.author),
    license: b.createString(spec.license),
    minParserVersion: b.createString(METADATA_MIN_PARSER_VERSION),
  };
  b.startObject(8);
  b.addFieldOffset(ModelMetadataField.name, strings.name, 0);
  b.addFieldOffset(ModelMetadataField.description, strings.description, 0);
  b.addFieldOffset(ModelMetadataField.version, strings.version, 0);
  b.addFieldOffset(ModelMetadataField.subgraphMetadata, subgraphs, 0);
  b.addFieldOffset(ModelMetadataField.author, strings.author, 0);
  b.addFieldOffset(ModelMetadataField.license, strings.license, 0);
  b.addFieldOffset(ModelMetadataField.minParserVersion, strings.minParserVersion, 0);
  b.finish(b.endObject(), METADATA_FILE_IDENTIFIER);
  return b.asUint8Array().slice(); // copy: the builder's backing buffer is larger and reused
}
