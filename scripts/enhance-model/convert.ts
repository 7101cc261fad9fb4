// Converts a TensorFlow.js layers model (Keras, channels-last) into an ONNX graph (channels-first)
// for onnxruntime-web, so the app runs every model on one runtime.
//
// Supported: what convolutional super-resolution models such as @upscalerjs' ESRGAN (RDN) use:
// InputLayer, Conv2D (stride 1, any dilation, linear/relu), Activation (linear/relu),
// Concatenate (channels), Add, UpSampling2D (nearest). Anything else is refused by name, so a
// model that changes shape fails the build rather than converting wrongly.
import { ElementType, OnnxGraphBuilder } from '../generator/onnx-builder.ts';
import type { InboundTensor, KerasLayer, LayersModel } from './layers-model.ts';

export interface ConvertOptions {
  /** Graph input and output names. */
  inputName: string;
  outputName: string;
  /**
   * The value the model reads as white (255 for the RDN models, 1 for others). When given, the
   * graph takes and gives 0..1 (scaling on the way in and out) and clips its output to 0..1;
   * without it the graph is the model's arithmetic alone (what the layer tests compare).
   */
  pixelRange?: number;
  opset: number;
  docString?: string;
}

type Activation = 'linear' | 'relu';

const num = (layer: KerasLayer, key: string): number => {
  const value = layer.config[key];
  if (typeof value !== 'number') throw new Error(`${layer.name}: config.${key} is not a number`);
  return value;
};

const pair = (layer: KerasLayer, key: string): [number, number] => {
  const value = layer.config[key];
  if (!Array.isArray(value) || value.length !== 2 || !value.every((v) => Number.isInteger(v))) {
    throw new Error(`${layer.name}: config.${key} is not a pair of integers`);
  }
  return [value[0] as number, value[1] as number];
};

function activationOf(layer: KerasLayer): Activation {
  const activation = layer.config.activation ?? 'linear';
  if (activation !== 'linear' && activation !== 'relu') throw new Error(`${layer.name}: activation "${String(activation)}" is not supported`);
  return activation;
}

function checkChannelsLast(layer: KerasLayer): void {
  const format = layer.config.data_format;
  if (format !== undefined && format !== 'channels_last') throw new Error(`${layer.name}: data_format "${String(format)}" is not supported`);
}

/** Keras HWIO kernel [kh, kw, in, out] → ONNX OIHW [out, in, kh, kw]. */
export function kernelToOihw(values: Float32Array, [kh, kw, cin, cout]: readonly number[]): Float32Array {
  const out = new Float32Array(values.length);
  for (let y = 0; y < kh!; y++)
    for (let x = 0; x < kw!; x++)
      for (let i = 0; i < cin!; i++)
        for (let o = 0; o < cout!; o++) out[((o * cin! + i) * kh! + y) * kw! + x] = values[((y * kw! + x) * cin! + i) * cout! + o]!;
  return out;
}

export function convertLayersModel(model: LayersModel, options: ConvertOptions): Uint8Array {
  const { topology, weights } = model;
  const graph = new OnnxGraphBuilder(topology.config.name, options.docString);
  if (topology.config.input_layers.length !== 1 || topology.config.output_layers.length !== 1) {
    throw new Error('only models with one input and one output are supported');
  }
  /** Keras layer name → the ONNX value holding its output. */
  const values = new Map<string, string>();
  const inputsOf = (layer: KerasLayer): string[] => {
    if (layer.inbound_nodes.length !== 1) throw new Error(`${layer.name}: layers called ${layer.inbound_nodes.length} times are not supported`);
    return layer.inbound_nodes[0]!.map(([source, , tensorIndex]: InboundTensor) => {
      const value = values.get(source);
      if (value === undefined || tensorIndex !== 0) throw new Error(`${layer.name}: reads ${source}[${tensorIndex}], which is not (yet) defined`);
      return value;
    });
  };
  const weight = (layer: KerasLayer, kind: 'kernel' | 'bias') => {
    const found = weights.get(`${layer.name}/${kind}`);
    if (!found) throw new Error(`${layer.name}: no weight ${layer.name}/${kind}`);
    return found;
  };
  const activate = (value: string, activation: Activation, name: string): string =>
    activation === 'relu' ? graph.node('Relu', [value], {}, name) : value;

  /** Convolutions already computed together with the upsampling before them. */
  const fused = new Set<string>();
  for (const layer of topology.config.layers) {
    const name = layer.name;
    if (fused.has(name)) continue;
    switch (layer.class_name) {
      case 'InputLayer': {
        const shape = layer.config.batch_input_shape;
        const channels = Array.isArray(shape) ? shape[3] : undefined;
        if (typeof channels !== 'number') throw new Error(`${name}: the input's channel count is not fixed`);
        const image = graph.input(options.inputName, ElementType.float32, [1, channels, 'H', 'W']);
        values.set(name, options.pixelRange === undefined ? image : graph.node('Mul', [image, graph.float32Initializer('pixel_range', [options.pixelRange], [])], {}, name));
        break;
      }
      case 'Conv2D': {
        checkChannelsLast(layer);
        const [input] = inputsOf(layer);
        const [kh, kw] = pair(layer, 'kernel_size');
        const [dy, dx] = pair(layer, 'dilation_rate');
        const strides = pair(layer, 'strides');
        if (strides[0] !== 1 || strides[1] !== 1) throw new Error(`${name}: strides ${strides.join('x')} are not supported`);
        if ((layer.config.groups ?? 1) !== 1) throw new Error(`${name}: grouped convolutions are not supported`);
        const padding = layer.config.padding;
        if (padding !== 'same' && padding !== 'valid') throw new Error(`${name}: padding "${String(padding)}" is not supported`);
        const kernel = weight(layer, 'kernel');
        const filters = num(layer, 'filters');
        if (kernel.shape[3] !== filters) throw new Error(`${name}: kernel shape [${kernel.shape.join(', ')}] does not give ${filters} filters`);
        const cin = kernel.shape[2]!;
        const w = graph.float32Initializer(`${name}/kernel`, kernelToOihw(kernel.values, kernel.shape), [filters, cin, kh, kw]);
        const inputs = [input!, w];
        if (layer.config.use_bias !== false) {
          const bias = weight(layer, 'bias');
          inputs.push(graph.float32Initializer(`${name}/bias`, bias.values, [filters]));
        }
        // TensorFlow's 'same' puts the odd pixel of padding after, not before.
        const total = [(kh - 1) * dy, (kw - 1) * dx];
        const pads = padding === 'same' ? [Math.floor(total[0]! / 2), Math.floor(total[1]! / 2), Math.ceil(total[0]! / 2), Math.ceil(total[1]! / 2)] : [0, 0, 0, 0];
        const activation = activationOf(layer);
        const conv = graph.node(
          'Conv',
          inputs,
          { kernel_shape: { ints: [kh, kw] }, dilations: { ints: [dy, dx] }, strides: { ints: [1, 1] }, pads: { ints: pads }, group: { int: 1 } },
          activation === 'linear' ? name : `${name}/conv`,
        );
        values.set(name, activate(conv, activation, name));
        break;
      }
      case 'Activation': {
        const [input] = inputsOf(layer);
        const activation = activationOf(layer);
        values.set(name, activation === 'linear' ? input! : activate(input!, activation, name));
        break;
      }
      case 'Concatenate': {
        const axis = num(layer, 'axis');
        if (axis !== 3 && axis !== -1) throw new Error(`${name}: concatenation along axis ${axis} is not supported (only channels)`);
        values.set(name, graph.node('Concat', inputsOf(layer), { axis: { int: 1 } }, name));
        break;
      }
      case 'Add': {
        const inputs = inputsOf(layer);
        if (inputs.length < 2) throw new Error(`${name}: Add of ${inputs.length} input`);
        // ONNX Add takes two: chain them, the last one named after the layer.
        let sum = inputs[0]!;
        inputs.slice(1).forEach((next, i) => (sum = graph.node('Add', [sum, next], {}, i === inputs.length - 2 ? name : `${name}/${i}`)));
        values.set(name, sum);
        break;
      }
      case 'UpSampling2D': {
        checkChannelsLast(layer);
        const interpolation = layer.config.interpolation ?? 'nearest';
        if (interpolation !== 'nearest') throw new Error(`${name}: interpolation "${String(interpolation)}" is not supported`);
        const [sy, sx] = pair(layer, 'size');
        const [input] = inputsOf(layer);
        const consumer = soleConsumer(topology.config.layers, name);
        if (consumer && sy === sx && isFusableConv(consumer)) {
          // Nearest upsampling then a convolution = per-phase convolutions at the low resolution
          // and a depth-to-space: the same arithmetic, without the large upsampled tensor.
          values.set(name, input!);
          fused.add(consumer.name);
          const conv = addSubPixelConv(graph, consumer, weight(consumer, 'kernel'), consumer.config.use_bias === false ? undefined : weight(consumer, 'bias'), input!, sy);
          values.set(consumer.name, activate(conv, activationOf(consumer), consumer.name));
          break;
        }
        const scales = graph.float32Initializer(`${name}/scales`, [1, 1, sy, sx], [4]);
        // Integer factors, asymmetric + floor: each pixel repeated, as Keras does.
        values.set(
          name,
          graph.node('Resize', [input!, '', scales], { mode: { string: 'nearest' }, coordinate_transformation_mode: { string: 'asymmetric' }, nearest_mode: { string: 'floor' } }, name),
        );
        break;
      }
      default:
        throw new Error(`${name}: layer type ${layer.class_name} is not supported`);
    }
  }

  const [outputLayer] = topology.config.output_layers[0]!;
  const result = values.get(outputLayer);
  if (result === undefined) throw new Error(`the output layer ${outputLayer} is never computed`);
  if (options.pixelRange === undefined) {
    graph.node('Identity', [result], {}, options.outputName);
  } else {
    const scaled = graph.node('Mul', [result, graph.float32Initializer('inverse_pixel_range', [1 / options.pixelRange], [])], {}, 'output_unit_range');
    graph.node('Clip', [scaled, graph.float32Initializer('zero', [0], []), graph.float32Initializer('one', [1], [])], {}, options.outputName);
  }
  graph.output(options.outputName, ElementType.float32, [1, 'C', 'Ho', 'Wo']);
  return graph.toModelBytes({ opset: options.opset, producerName: 'kinora', producerVersion: '1' });
}

/** The one layer reading `name`'s output, if exactly one does. */
function soleConsumer(layers: readonly KerasLayer[], name: string): KerasLayer | undefined {
  const readers = layers.filter((layer) => layer.inbound_nodes.some((call) => call.some(([source]) => source === name)));
  return readers.length === 1 ? readers[0] : undefined;
}

/** A stride-1, undilated, odd-kernel 'same' convolution: what the sub-pixel rewrite handles. */
function isFusableConv(layer: KerasLayer): boolean {
  if (layer.class_name !== 'Conv2D' || layer.config.padding !== 'same' || (layer.config.groups ?? 1) !== 1) return false;
  const [kh, kw] = pair(layer, 'kernel_size');
  const dilation = pair(layer, 'dilation_rate');
  const strides = pair(layer, 'strides');
  return kh % 2 === 1 && kw % 2 === 1 && dilation.every((d) => d === 1) && strides.every((s) => s === 1);
}

/**
 * conv(upsampleNearest(x, s)) as one convolution at x's resolution with s*s*filters outputs, then
 * DepthToSpace. Output pixel (s*Y + i, s*X + j) with kernel tap (dy, dx) reads the upsampled pixel
 * s*Y + i + dy, i.e. low-resolution row Y + floor((i + dy) / s): each phase (i, j) is a small
 * convolution at low resolution whose taps sum the high-resolution taps landing on the same pixel.
 * Zero padding agrees: a padded low-resolution pixel is s padded high-resolution ones.
 */
function addSubPixelConv(
  graph: OnnxGraphBuilder,
  conv: KerasLayer,
  kernel: { shape: number[]; values: Float32Array },
  bias: { values: Float32Array } | undefined,
  input: string,
  s: number,
): string {
  checkChannelsLast(conv);
  const [kh, kw, cin, cout] = kernel.shape as [number, number, number, number];
  const ry = (kh - 1) / 2;
  const rx = (kw - 1) / 2;
  // Low-resolution tap offsets reach from floor(-r / s) to floor((s - 1 + r) / s).
  const lowY = Math.floor(-ry / s);
  const lowX = Math.floor(-rx / s);
  const khLow = Math.floor((s - 1 + ry) / s) - lowY + 1;
  const kwLow = Math.floor((s - 1 + rx) / s) - lowX + 1;
  const outChannels = cout * s * s;
  const weights = new Float32Array(outChannels * cin * khLow * kwLow);
  for (let i = 0; i < s; i++)
    for (let j = 0; j < s; j++)
      for (let dy = -ry; dy <= ry; dy++)
        for (let dx = -rx; dx <= rx; dx++) {
          const ty = Math.floor((i + dy) / s) - lowY;
          const tx = Math.floor((j + dx) / s) - lowX;
          for (let o = 0; o < cout; o++) {
            // DepthToSpace CRD: channel o * s * s + i * s + j becomes phase (i, j) of channel o.
            const out = o * s * s + i * s + j;
            for (let c = 0; c < cin; c++) {
              weights[((out * cin + c) * khLow + ty) * kwLow + tx]! += kernel.values[(((dy + ry) * kw + (dx + rx)) * cin + c) * cout + o]!;
            }
          }
        }
  const inputs = [input, graph.float32Initializer(`${conv.name}/subpixel_kernel`, weights, [outChannels, cin, khLow, kwLow])];
  if (bias) inputs.push(graph.float32Initializer(`${conv.name}/subpixel_bias`, Array.from({ length: outChannels }, (_, k) => bias.values[Math.floor(k / (s * s))]!), [outChannels]));
  const pads = [-lowY, -lowX, khLow - 1 + lowY, kwLow - 1 + lowX];
  const phases = graph.node(
    'Conv',
    inputs,
    { kernel_shape: { ints: [khLow, kwLow] }, dilations: { ints: [1, 1] }, strides: { ints: [1, 1] }, pads: { ints: pads }, group: { int: 1 } },
    `${conv.name}/phases`,
  );
  return graph.node('DepthToSpace', [phases], { blocksize: { int: s }, mode: { string: 'CRD' } }, activationOf(conv) === 'linear' ? conv.name : `${conv.name}/conv`);
}
