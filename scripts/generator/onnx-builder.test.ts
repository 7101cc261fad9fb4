import * as ort from 'onnxruntime-node';
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { decodeOnnxModel, ElementType, irVersionForOpset, OnnxGraphBuilder } from './onnx-builder.ts';

const MODEL_OPTIONS = { opset: 19, producerName: 'test', producerVersion: '0' } as const;
const { AttributeType } = onnxProto.onnx.AttributeProto;

/**
 * y = Reshape(x * scale + bias, [2, -1]) for x [N, 2]. With `allAttributeKinds`, an extra unused
 * node carries every attribute kind (onnxruntime rejects such a model: it checks attribute names).
 */
function buildSample(allAttributeKinds = true): Uint8Array {
  const graph = new OnnxGraphBuilder('sample', 'a doc');
  const x = graph.input('x', ElementType.float32, ['N', 2], { docString: 'points' });
  const scale = graph.float32Initializer('scale', [2, -0.5], [2]);
  const bias = graph.float32Initializer('bias', [0.25], []);
  const shape = graph.int64Initializer('shape', [2, -1]);
  const scaled = graph.node('Mul', [x, scale]);
  const shifted = graph.node('Add', [scaled, bias]);
  graph.node('Reshape', [shifted, shape], { allowzero: { int: 0 } }, 'y');
  graph.output('y', ElementType.float32, [2, 'N']);
  if (allAttributeKinds) {
    graph.node('Identity', [x], {
      ratio: { float: 0.5 },
      mode: { string: 'bilinear' },
      perm: { ints: [0, 2, 1] },
      weights: { floats: [1.5, -2] },
    });
  }
  return graph.toModelBytes(MODEL_OPTIONS);
}

describe('irVersionForOpset', () => {
  it('follows the ONNX releases', () => {
    expect([15, 17, 18, 19, 20, 21, 22].map(irVersionForOpset)).toEqual([8, 8, 8, 9, 9, 10, 10]);
  });
});

describe('OnnxGraphBuilder', () => {
  it('round-trips through onnx-proto: header, tensors, nodes and attributes', () => {
    const model = decodeOnnxModel(buildSample());
    expect(model.irVersion).toBe(9);
    expect(model.opsetImport).toEqual([{ domain: '', version: 19 }]);
    expect(model.producerName).toBe('test');
    const graph = model.graph!;
    expect(graph.name).toBe('sample');
    expect(graph.docString).toBe('a doc');

    expect(graph.input).toHaveLength(1);
    expect(graph.input![0]!.name).toBe('x');
    expect(graph.input![0]!.docString).toBe('points');
    expect(graph.input![0]!.type!.tensorType!.elemType).toBe(ElementType.float32);
    expect(graph.input![0]!.type!.tensorType!.shape!.dim).toEqual([{ dimParam: 'N' }, { dimValue: 2 }]);
    expect(graph.output!.map((o) => o.name)).toEqual(['y']);
    expect(graph.output![0]!.type!.tensorType!.shape!.dim).toEqual([{ dimValue: 2 }, { dimParam: 'N' }]);

    expect(graph.node!.map((n) => [n.opType, n.input, n.output])).toEqual([
      ['Mul', ['x', 'scale'], ['mul_0']],
      ['Add', ['mul_0', 'bias'], ['add_0']],
      ['Reshape', ['add_0', 'shape'], ['y']],
      ['Identity', ['x'], ['identity_0']],
    ]);
    expect(graph.node![2]!.attribute).toEqual([{ name: 'allowzero', type: AttributeType.INT, i: 0 }]);
    const [ratio, mode, perm, weights] = graph.node![3]!.attribute!;
    expect(ratio).toMatchObject({ name: 'ratio', type: AttributeType.FLOAT, f: 0.5 });
    expect(mode).toMatchObject({ name: 'mode', type: AttributeType.STRING });
    expect(new TextDecoder().decode(mode!.s!)).toBe('bilinear');
    expect(perm).toMatchObject({ name: 'perm', type: AttributeType.INTS, ints: [0, 2, 1] });
    expect(weights).toMatchObject({ name: 'weights', type: AttributeType.FLOATS, floats: [1.5, -2] });

    const initializers = Object.fromEntries(graph.initializer!.map((t) => [t.name, t]));
    expect(initializers.scale!.dims).toEqual([2]);
    expect(initializers.scale!.dataType).toBe(ElementType.float32);
    const raw = (name: string) => {
      const bytes = initializers[name]!.rawData!;
      return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    };
    expect([raw('scale').getFloat32(0, true), raw('scale').getFloat32(4, true)]).toEqual([2, -0.5]);
    expect(initializers.bias!.dims ?? []).toEqual([]);
    expect(initializers.shape!.dataType).toBe(ElementType.int64);
    expect([raw('shape').getBigInt64(0, true), raw('shape').getBigInt64(8, true)]).toEqual([2n, -1n]);
  });

  it('produces identical bytes for identical graphs', () => {
    expect(buildSample()).toEqual(buildSample());
  });

  it('encodes a model onnxruntime runs, with symbolic dimensions', async () => {
    const session = await ort.InferenceSession.create(buildSample(false));
    try {
      for (const n of [1, 3]) {
        const x = Float32Array.from({ length: n * 2 }, (_, i) => i + 1);
        const { y } = await session.run({ x: new ort.Tensor('float32', x, [n, 2]) });
        expect(y!.dims).toEqual([2, n]);
        const expected = Array.from(x, (v, i) => v * (i % 2 === 0 ? 2 : -0.5) + 0.25);
        expect(Array.from(y!.data as Float32Array)).toEqual(expected);
      }
    } finally {
      await session.release();
    }
  });

  it('rejects graphs that are wired wrongly', () => {
    const graph = new OnnxGraphBuilder('bad');
    const x = graph.input('x', ElementType.float32, [1]);
    expect(() => graph.node('Relu', ['typo'])).toThrow(/"typo", which nothing defines/);
    expect(() => graph.input('x', ElementType.float32, [1])).toThrow(/defined twice/);
    expect(() => graph.node('Relu', [x], {}, 'x')).toThrow(/defined twice/);
    expect(() => graph.float32Initializer('w', [1, 2, 3], [2])).toThrow(/3 values for dims \[2\]/);
    expect(() => graph.input('z', ElementType.float32, [1.5])).toThrow(/not a non-negative integer/);
    expect(() => graph.node('Relu', [x], { bad: { int: 0.5 } })).toThrow(/not an integer/);
    graph.output('never', ElementType.float32, [1]);
    expect(() => graph.toModelBytes(MODEL_OPTIONS)).toThrow(/"never" is never produced/);
  });

  it('keeps "" as an omitted optional input', () => {
    const graph = new OnnxGraphBuilder('optional');
    const x = graph.input('x', ElementType.float32, [1, 1, 2, 2]);
    const sizes = graph.int64Initializer('sizes', [1, 1, 4, 4]);
    graph.node('Resize', [x, '', '', sizes], { mode: { string: 'linear' } }, 'y');
    graph.output('y', ElementType.float32, [1, 1, 4, 4]);
    const node = decodeOnnxModel(graph.toModelBytes(MODEL_OPTIONS)).graph!.node![0]!;
    expect(node.input).toEqual(['x', '', '', 'sizes']);
  });
});
