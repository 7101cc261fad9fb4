import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import type { onnx } from 'onnx-proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GeneratorTensor } from '../../src/core/generator/contract.ts';
import { composeFrame, gridSampleBilinear, identityGrid } from '../../src/core/generator/reference.ts';
import { buildGeneratorModels } from './generator-graph.ts';
import { decodeOnnxModel } from './onnx-builder.ts';
import { maxAbsDifference, randomGeneratorCase, seededRandom, type GeneratorCase } from './test-inputs.ts';

type Feeds = Record<string, { data: Float32Array; dims: number[] }>;
interface Output {
  data: Float32Array;
  dims: readonly number[];
}
interface Backend {
  name: string;
  run(model: 'generator' | 'floor', feeds: Feeds): Promise<Output>;
  release(): Promise<void>;
}

const models = buildGeneratorModels();

function generatorFeeds(c: GeneratorCase): Feeds {
  return {
    source: { data: c.source, dims: [1, 3, c.height, c.width] },
    grid: { data: c.grid, dims: [1, c.outHeight, c.outWidth, 2] },
    base: { data: c.base, dims: [1, 3, c.outHeight, c.outWidth] },
    keep: { data: c.keep, dims: [1, 1, c.outHeight, c.outWidth] },
  };
}

async function nodeBackend(): Promise<Backend> {
  const sessions = {
    generator: await ortNode.InferenceSession.create(models.generator),
    floor: await ortNode.InferenceSession.create(models.floor),
  };
  return {
    name: 'onnxruntime-node (CPU)',
    async run(model, feeds) {
      const tensors = Object.fromEntries(
        Object.entries(feeds).map(([name, { data, dims }]) => [name, new ortNode.Tensor('float32', data, dims)]),
      );
      const frame = (await sessions[model].run(tensors))[GeneratorTensor.frame]!;
      return { data: frame.data as Float32Array, dims: frame.dims };
    },
    async release() {
      await Promise.all([sessions.generator.release(), sessions.floor.release()]);
    },
  };
}

// onnxruntime-web resolves to its Node build (ort.node.min.mjs) here, which loads the same
// WASM binary the browser uses from node_modules/onnxruntime-web/dist without any path setup.
async function webWasmBackend(): Promise<Backend> {
  ortWeb.env.wasm.numThreads = 1; // no worker threads inside the test runner
  const options = { executionProviders: ['wasm'] };
  const sessions = {
    generator: await ortWeb.InferenceSession.create(models.generator, options),
    floor: await ortWeb.InferenceSession.create(models.floor, options),
  };
  return {
    name: 'onnxruntime-web (WASM)',
    async run(model, feeds) {
      const tensors = Object.fromEntries(
        Object.entries(feeds).map(([name, { data, dims }]) => [name, new ortWeb.Tensor('float32', data, dims)]),
      );
      const frame = (await sessions[model].run(tensors))[GeneratorTensor.frame]!;
      return { data: frame.data as Float32Array, dims: frame.dims };
    },
    async release() {
      await Promise.all([sessions.generator.release(), sessions.floor.release()]);
    },
  };
}

describe('generator model structure', () => {
  it('builds byte-identical models every time', () => {
    const again = buildGeneratorModels();
    expect(again.generator).toEqual(models.generator);
    expect(again.floor).toEqual(models.floor);
  });

  it('uses opset 19 / IR 9 and GridSample bilinear, border, align_corners 0', () => {
    for (const bytes of [models.generator, models.floor]) {
      const model = decodeOnnxModel(bytes);
      expect(model.irVersion).toBe(9);
      expect(model.opsetImport).toEqual([{ domain: '', version: 19 }]);
      const gridSamples = model.graph!.node!.filter((n) => n.opType === 'GridSample');
      for (const gridSample of gridSamples) {
        const attributes = Object.fromEntries(
          gridSample.attribute!.map((a) => [a.name, a.s ? new TextDecoder().decode(a.s) : a.i]),
        );
        expect(attributes).toEqual({ mode: 'bilinear', padding_mode: 'border', align_corners: 0 });
      }
      expect(gridSamples.map((n) => n.input)).toEqual([['source', 'grid']]);
    }
  });

  it('declares the documented tensors with symbolic sizes', () => {
    const shapeOf = (info: onnx.IValueInfoProto) =>
      info.type!.tensorType!.shape!.dim!.map((d) => d.dimParam ?? d.dimValue);
    const generator = decodeOnnxModel(models.generator).graph!;
    expect(generator.input!.map((i) => [i.name, shapeOf(i)])).toEqual([
      ['source', [1, 3, 'H', 'W']],
      ['grid', [1, 'Ho', 'Wo', 2]],
      ['base', [1, 3, 'Ho', 'Wo']],
      ['keep', [1, 1, 'Ho', 'Wo']],
    ]);
    expect(generator.output!.map((o) => [o.name, shapeOf(o)])).toEqual([['frame', [1, 3, 'Ho', 'Wo']]]);
    expect(generator.node!.map((n) => n.opType)).toEqual(['GridSample', 'Mul', 'Add', 'Clip']);

    const floor = decodeOnnxModel(models.floor).graph!;
    expect(floor.input!.map((i) => [i.name, shapeOf(i)])).toEqual([
      ['source', [1, 3, 'H', 'W']],
      ['grid', [1, 'Ho', 'Wo', 2]],
    ]);
    expect(floor.output!.map((o) => [o.name, shapeOf(o)])).toEqual([['frame', [1, 3, 'Ho', 'Wo']]]);
    expect(floor.node!.map((n) => n.opType)).toEqual(['GridSample']);
  });
});

// Several sizes through the same session: proves H, W, Ho, Wo are really dynamic.
const SIZES = [
  { height: 17, width: 23, outHeight: 11, outWidth: 13 },
  { height: 9, width: 6, outHeight: 20, outWidth: 31 },
  { height: 1, width: 1, outHeight: 2, outWidth: 3 },
  // Large enough that float32 rounding of the sampling position matters (see reference.ts).
  { height: 300, width: 700, outHeight: 256, outWidth: 200 },
] as const;

describe.each([
  ['onnxruntime-node', nodeBackend],
  ['onnxruntime-web wasm', webWasmBackend],
])('generator models on %s', (_label, createBackend) => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await createBackend();
  });
  afterAll(async () => {
    await backend?.release();
  });

  it.each(SIZES.map((size, i) => ({ ...size, seed: 1000 + i })))(
    'generator matches composeFrame: $height x $width -> $outHeight x $outWidth',
    async ({ height, width, outHeight, outWidth, seed }) => {
      const c = randomGeneratorCase(height, width, outHeight, outWidth, seed);
      const frame = await backend.run('generator', generatorFeeds(c));
      expect(frame.dims).toEqual([1, 3, outHeight, outWidth]);
      const expected = composeFrame(c);
      expect(maxAbsDifference(frame.data, expected)).toBeLessThan(1e-5);
      // The inputs really reach both clip bounds, so Clip is exercised.
      expect(expected).toContain(0);
      expect(expected).toContain(1);
    },
  );

  it.each(SIZES.map((size, i) => ({ ...size, seed: 2000 + i })))(
    'floor matches gridSampleBilinear: $height x $width -> $outHeight x $outWidth',
    async ({ height, width, outHeight, outWidth, seed }) => {
      const c = randomGeneratorCase(height, width, outHeight, outWidth, seed);
      const frame = await backend.run('floor', {
        source: { data: c.source, dims: [1, 3, height, width] },
        grid: { data: c.grid, dims: [1, outHeight, outWidth, 2] },
      });
      expect(frame.dims).toEqual([1, 3, outHeight, outWidth]);
      const expected = gridSampleBilinear(c.source, 3, height, width, c.grid, outHeight, outWidth);
      expect(maxAbsDifference(frame.data, expected)).toBeLessThan(1e-5);
    },
  );

  it('reproduces the source through the identity grid with nothing in the base', async () => {
    const [height, width] = [13, 19];
    const random = seededRandom(7);
    const source = Float32Array.from({ length: 3 * height * width }, random);
    const feeds = {
      source: { data: source, dims: [1, 3, height, width] },
      grid: { data: identityGrid(height, width), dims: [1, height, width, 2] },
    };
    const floor = await backend.run('floor', feeds);
    const generator = await backend.run('generator', {
      ...feeds,
      base: { data: new Float32Array(3 * height * width), dims: [1, 3, height, width] },
      keep: { data: new Float32Array(height * width).fill(1), dims: [1, 1, height, width] },
    });
    expect(maxAbsDifference(floor.data, source)).toBeLessThan(1e-6);
    expect(maxAbsDifference(generator.data, source)).toBeLessThan(1e-6);
  });

  it('shows the base exactly where nothing of the person is kept, whatever the warp', async () => {
    const c = randomGeneratorCase(8, 8, 5, 7, 3);
    const base = Float32Array.from({ length: 3 * 5 * 7 }, seededRandom(4));
    const frame = await backend.run('generator', generatorFeeds({ ...c, base, keep: new Float32Array(5 * 7) }));
    expect(Array.from(frame.data)).toEqual(Array.from(base));
  });
});

describe('backends agree', () => {
  it('onnxruntime-node and onnxruntime-web wasm give the same frame', async () => {
    const [node, web] = await Promise.all([nodeBackend(), webWasmBackend()]);
    try {
      const c = randomGeneratorCase(32, 24, 20, 28, 99);
      const feeds = generatorFeeds(c);
      const [a, b] = await Promise.all([node.run('generator', feeds), web.run('generator', feeds)]);
      expect(maxAbsDifference(a.data, b.data)).toBeLessThan(1e-6);
    } finally {
      await Promise.all([node.release(), web.release()]);
    }
  });
});
