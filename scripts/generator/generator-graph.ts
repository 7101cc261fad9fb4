// The two ONNX graphs the app renders frames with (tensor contract: src/core/generator/contract.ts).
//
//   generator: frame = clip(base + keep * GridSample(source, grid), 0, 1)
//   floor:     frame = GridSample(source, grid)   — the cost floor of any warping generator (bench)
//
// The piecewise-affine warp is rasterised in TypeScript into `grid`; the graph does only the
// per-pixel work, so it can run on onnxruntime-web's WebGPU EP with WASM as fallback. Its inputs
// (image + keypoint-derived tensors) leave room for a learned generator to replace it later.
//
// Run directly (`npx tsx scripts/generator/generator-graph.ts`) to print sizes and hashes.
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  GENERATOR_OPSET,
  GRID_COORDINATES,
  GeneratorTensor,
  KEEP_CHANNELS,
  SOURCE_CHANNELS,
} from '../../src/core/generator/contract.ts';
import { ElementType, OnnxGraphBuilder } from './onnx-builder.ts';

const PRODUCER = { producerName: 'kinora', producerVersion: '1' } as const;

// Symbolic sizes: one model serves every photo and output size.
const SOURCE_SHAPE = [1, SOURCE_CHANNELS, 'H', 'W'] as const;
const GRID_SHAPE = [1, 'Ho', 'Wo', GRID_COORDINATES] as const;
const BASE_SHAPE = [1, SOURCE_CHANNELS, 'Ho', 'Wo'] as const;
const KEEP_SHAPE = [1, KEEP_CHANNELS, 'Ho', 'Wo'] as const;
const FRAME_SHAPE = [1, SOURCE_CHANNELS, 'Ho', 'Wo'] as const;

const SOURCE_DOC = 'The person: the photo premultiplied by the figure mask, at any scale (the app: twice the output size): planar RGB.';
const BASE_DOC = 'What each output pixel shows besides the warped person: the uncovered background, fills (planar RGB).';
const KEEP_DOC = 'How much of the warped person each output pixel shows, 0..1.';
const GRID_DOC =
  'Backward sampling map: (x, y) per output pixel, normalised with align_corners = 0: ' +
  'x_norm = (2 * x_px + 1) / W - 1, y_norm = (2 * y_px + 1) / H - 1, pixel centres at integer x_px. ' +
  'Outside [-1, 1] the edge pixels repeat.';

/**
 * GridSample as the WebGPU EPs support it: opset 19 with mode "bilinear" (at opset 20 the mode is
 * renamed "linear" and no WebGPU kernel is registered, so ORT silently falls back to the CPU).
 */
function addBilinearSample(graph: OnnxGraphBuilder, source: string, grid: string, output?: string): string {
  return graph.node(
    'GridSample',
    [source, grid],
    { mode: { string: 'bilinear' }, padding_mode: { string: 'border' }, align_corners: { int: 0 } },
    output,
  );
}

function addSourceAndGridInputs(graph: OnnxGraphBuilder): { source: string; grid: string } {
  return {
    source: graph.input(GeneratorTensor.source, ElementType.float32, SOURCE_SHAPE, { docString: SOURCE_DOC }),
    grid: graph.input(GeneratorTensor.grid, ElementType.float32, GRID_SHAPE, { docString: GRID_DOC }),
  };
}

export function buildGeneratorGraph(): Uint8Array {
  const graph = new OnnxGraphBuilder('generator', 'Piecewise-affine warp of the person, over and under what stays still.');
  const { source, grid } = addSourceAndGridInputs(graph);
  const base = graph.input(GeneratorTensor.base, ElementType.float32, BASE_SHAPE, { docString: BASE_DOC });
  const keep = graph.input(GeneratorTensor.keep, ElementType.float32, KEEP_SHAPE, { docString: KEEP_DOC });
  const one = graph.float32Initializer('one', [1], []);
  const zero = graph.float32Initializer('zero', [0], []);
  const warped = addBilinearSample(graph, source, grid, 'warped');
  // keep broadcasts over RGB.
  const composited = graph.node('Add', [base, graph.node('Mul', [keep, warped], {}, 'warped_kept')], {}, 'composited');
  // Inconsistent inputs could push a sum past 1: keep frames displayable.
  graph.node('Clip', [composited, zero, one], {}, GeneratorTensor.frame);
  graph.output(GeneratorTensor.frame, ElementType.float32, FRAME_SHAPE);
  return graph.toModelBytes({ opset: GENERATOR_OPSET, ...PRODUCER });
}

export function buildFloorGraph(): Uint8Array {
  const graph = new OnnxGraphBuilder('floor', 'GridSample alone: the cost floor of any warping generator.');
  const { source, grid } = addSourceAndGridInputs(graph);
  addBilinearSample(graph, source, grid, GeneratorTensor.frame);
  graph.output(GeneratorTensor.frame, ElementType.float32, FRAME_SHAPE);
  return graph.toModelBytes({ opset: GENERATOR_OPSET, ...PRODUCER });
}

export interface GeneratorModels {
  generator: Uint8Array;
  floor: Uint8Array;
}

export function buildGeneratorModels(): GeneratorModels {
  return { generator: buildGeneratorGraph(), floor: buildFloorGraph() };
}

const runDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (runDirectly) {
  for (const [name, bytes] of Object.entries(buildGeneratorModels())) {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    console.log(`${name.padEnd(10)} ${String(bytes.length).padStart(6)} bytes  sha256 ${sha256}`);
  }
}
