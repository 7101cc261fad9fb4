import { ByteBuffer } from 'flatbuffers';
import { describe, expect, it } from 'vitest';
import { buildImageModelMetadata } from './tflite-metadata.ts';

// Read back with the raw flatbuffers ByteBuffer and field ids copied from
// tensorflow_lite_support/metadata/metadata_schema.fbs (independent of the writer's constants).
const field = (bb: ByteBuffer, table: number, id: number) => bb.__offset(table, 4 + 2 * id);
const table = (bb: ByteBuffer, t: number, id: number) => {
  const o = field(bb, t, id);
  expect(o, `field ${id}`).not.toBe(0);
  return bb.__indirect(t + o);
};
const tables = (bb: ByteBuffer, t: number, id: number) => {
  const o = field(bb, t, id);
  if (!o) return [];
  const start = bb.__vector(t + o);
  return Array.from({ length: bb.__vector_len(t + o) }, (_, i) => bb.__indirect(start + 4 * i));
};
const floats = (bb: ByteBuffer, t: number, id: number) => {
  const o = field(bb, t, id);
  const start = bb.__vector(t + o);
  return Array.from({ length: bb.__vector_len(t + o) }, (_, i) => bb.readFloat32(start + 4 * i));
};
const str = (bb: ByteBuffer, t: number, id: number) => {
  const o = field(bb, t, id);
  return o ? (bb.__string(t + o) as string) : null;
};
const int8 = (bb: ByteBuffer, t: number, id: number) => {
  const o = field(bb, t, id);
  return o ? bb.readInt8(t + o) : 0;
};

describe('buildImageModelMetadata', () => {
  const spec = {
    name: 'face_detector',
    description: 'test model',
    version: '7',
    author: 'someone',
    license: 'Apache-2.0',
    inputTensorName: 'input',
    normalization: { mean: [127.5], std: [127.5] },
    outputTensorNames: ['regressors', 'classificators'],
  };
  const bytes = buildImageModelMetadata(spec);
  const bb = new ByteBuffer(bytes);
  const root = bb.__indirect(bb.position());

  it('is an M001 ModelMetadata with the model strings', () => {
    expect(bb.getBufferIdentifier()).toBe('M001');
    expect(str(bb, root, 0)).toBe('face_detector'); // name
    expect(str(bb, root, 1)).toBe('test model'); // description
    expect(str(bb, root, 2)).toBe('7'); // version
    expect(str(bb, root, 4)).toBe('someone'); // author
    expect(str(bb, root, 5)).toBe('Apache-2.0'); // license
    expect(str(bb, root, 7)).toBe('1.0.0'); // min_parser_version
  });

  it('gives the input tensor NormalizationOptions mean/std and RGB image content', () => {
    const [subgraph, ...rest] = tables(bb, root, 3); // subgraph_metadata
    expect(rest).toHaveLength(0);
    const [input, ...moreInputs] = tables(bb, subgraph!, 2); // input_tensor_metadata
    expect(moreInputs).toHaveLength(0);
    expect(str(bb, input!, 0)).toBe('input');

    const [unit] = tables(bb, input!, 4); // process_units
    expect(int8(bb, unit!, 0)).toBe(1); // options_type = NormalizationOptions
    const normalization = table(bb, unit!, 1);
    expect(floats(bb, normalization, 0)).toEqual([127.5]); // mean
    expect(floats(bb, normalization, 1)).toEqual([127.5]); // std

    const content = table(bb, input!, 3);
    expect(int8(bb, content, 0)).toBe(2); // content_properties_type = ImageProperties
    expect(int8(bb, table(bb, content, 1), 0)).toBe(1); // color_space = RGB
  });

  it('names the output tensors in order', () => {
    const [subgraph] = tables(bb, root, 3);
    expect(tables(bb, subgraph!, 3).map((t) => str(bb, t, 0))).toEqual(['regressors', 'classificators']);
  });

  it('writes other normalization values exactly (landmark model: mean 0, std 255)', () => {
    const other = new ByteBuffer(buildImageModelMetadata({ ...spec, normalization: { mean: [0], std: [255] } }));
    const sg = tables(other, other.__indirect(other.position()), 3)[0]!;
    const unit = tables(other, tables(other, sg, 2)[0]!, 4)[0]!;
    const normalization = other.__indirect(unit + field(other, unit, 1));
    expect(floats(other, normalization, 0)).toEqual([0]);
    expect(floats(other, normalization, 1)).toEqual([255]);
  });

  it('is deterministic and self-contained (an exact-size copy)', () => {
    const again = buildImageModelMetadata(spec);
    expect(again).toEqual(bytes);
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBe(bytes.length);
  });
});
