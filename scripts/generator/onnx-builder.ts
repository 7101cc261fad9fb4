// A small typed builder for ONNX models on top of onnx-proto (protobufjs static code).
//
// onnx-proto's schema is ONNX v1.10.2, but op types and opset versions are plain strings and
// integers in the protobuf, so it encodes models for any newer opset just as well.
// Output is deterministic: no timestamps, no maps, fields in schema order, and tensor data
// written little-endian explicitly, so the same graph always yields the same bytes.
import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';

const { onnx } = onnxProto;

/** Element types this builder can declare (the ONNX TensorProto.DataType values). */
export const ElementType = {
  float32: onnx.TensorProto.DataType.FLOAT,
  int64: onnx.TensorProto.DataType.INT64,
} as const;
export type ElementType = (typeof ElementType)[keyof typeof ElementType];

/** A fixed size, or a symbolic name for a dimension chosen at run time (equal names must agree). */
export type Dimension = number | string;

/** Attribute values, tagged because ONNX distinguishes int from float attributes. */
export type AttributeValue =
  | { int: number }
  | { float: number }
  | { string: string }
  | { ints: readonly number[] }
  | { floats: readonly number[] };

export interface ModelOptions {
  opset: number;
  producerName: string;
  producerVersion: string;
  docString?: string;
}

export interface ValueInfoOptions {
  docString?: string;
}

/**
 * The IR version matching the ONNX release that introduced `opset`. Runtimes reject a model whose
 * IR version is older than its opset needs, and some reject a newer one they do not know.
 */
export function irVersionForOpset(opset: number): number {
  if (opset >= 21) return 10;
  if (opset >= 19) return 9;
  return 8;
}

const textEncoder = new TextEncoder();

function float32LittleEndian(values: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  return bytes;
}

function int64LittleEndian(values: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  values.forEach((value, i) => {
    if (!Number.isSafeInteger(value)) throw new Error(`int64 initializer value ${value} is not a safe integer`);
    view.setBigInt64(i * 8, BigInt(value), true);
  });
  return bytes;
}

function tensorValueInfo(
  name: string,
  elementType: ElementType,
  shape: readonly Dimension[],
  docString: string | undefined,
): OnnxTypes.IValueInfoProto {
  const dim = shape.map((d) => {
    if (typeof d === 'string') return { dimParam: d };
    if (!Number.isInteger(d) || d < 0) throw new Error(`${name}: dimension ${d} is not a non-negative integer`);
    return { dimValue: d };
  });
  return {
    name,
    type: { tensorType: { elemType: elementType, shape: { dim } } },
    ...(docString === undefined ? {} : { docString }),
  };
}

function attributeProto(name: string, value: AttributeValue): OnnxTypes.IAttributeProto {
  const { AttributeType } = onnx.AttributeProto;
  if ('int' in value) {
    if (!Number.isSafeInteger(value.int)) throw new Error(`attribute ${name}: ${value.int} is not an integer`);
    return { name, type: AttributeType.INT, i: value.int };
  }
  if ('float' in value) return { name, type: AttributeType.FLOAT, f: value.float };
  if ('string' in value) return { name, type: AttributeType.STRING, s: textEncoder.encode(value.string) };
  if ('ints' in value) return { name, type: AttributeType.INTS, ints: [...value.ints] };
  return { name, type: AttributeType.FLOATS, floats: [...value.floats] };
}

/**
 * Builds one ONNX graph. Values are referred to by name (strings); `node` returns the names of its
 * outputs so graphs read as expressions. Names not given are numbered per op type, in call order.
 */
export class OnnxGraphBuilder {
  private readonly inputs: OnnxTypes.IValueInfoProto[] = [];
  private readonly outputs: OnnxTypes.IValueInfoProto[] = [];
  private readonly initializers: OnnxTypes.ITensorProto[] = [];
  private readonly nodes: OnnxTypes.INodeProto[] = [];
  /** Every name defined so far (inputs, initializers, node outputs): catches typos at build time. */
  private readonly definedValues = new Set<string>();
  private readonly autoNameCounters = new Map<string, number>();

  constructor(
    readonly name: string,
    private readonly docString?: string,
  ) {}

  input(name: string, elementType: ElementType, shape: readonly Dimension[], options: ValueInfoOptions = {}): string {
    this.define(name);
    this.inputs.push(tensorValueInfo(name, elementType, shape, options.docString));
    return name;
  }

  /** Declares `name` (which some node must produce) as a graph output. */
  output(name: string, elementType: ElementType, shape: readonly Dimension[], options: ValueInfoOptions = {}): string {
    this.outputs.push(tensorValueInfo(name, elementType, shape, options.docString));
    return name;
  }

  float32Initializer(name: string, values: ArrayLike<number>, dims: readonly number[]): string {
    this.checkElementCount(name, values.length, dims);
    this.define(name);
    const rawData = float32LittleEndian(values);
    this.initializers.push({ name, dims: [...dims], dataType: ElementType.float32, rawData });
    return name;
  }

  int64Initializer(name: string, values: readonly number[], dims: readonly number[] = [values.length]): string {
    this.checkElementCount(name, values.length, dims);
    this.define(name);
    this.initializers.push({ name, dims: [...dims], dataType: ElementType.int64, rawData: int64LittleEndian(values) });
    return name;
  }

  /** Adds a node with one output and returns that output's name. `''` marks an omitted optional input. */
  node(
    opType: string,
    inputs: readonly string[],
    attributes: Readonly<Record<string, AttributeValue>> = {},
    outputName?: string,
  ): string {
    return this.nodeWithOutputs(opType, inputs, [outputName ?? this.autoName(opType)], attributes)[0]!;
  }

  nodeWithOutputs(
    opType: string,
    inputs: readonly string[],
    outputNames: readonly string[],
    attributes: Readonly<Record<string, AttributeValue>> = {},
  ): string[] {
    for (const input of inputs) {
      if (input !== '' && !this.definedValues.has(input)) {
        throw new Error(`${opType} node reads "${input}", which nothing defines before it`);
      }
    }
    outputNames.forEach((output) => this.define(output));
    this.nodes.push({
      name: outputNames[0]!,
      opType,
      input: [...inputs],
      output: [...outputNames],
      attribute: Object.entries(attributes).map(([name, value]) => attributeProto(name, value)),
    });
    return [...outputNames];
  }

  toModelBytes(options: ModelOptions): Uint8Array {
    for (const output of this.outputs) {
      if (!this.definedValues.has(output.name!)) throw new Error(`graph output "${output.name}" is never produced`);
    }
    const model = onnx.ModelProto.create({
      irVersion: irVersionForOpset(options.opset),
      producerName: options.producerName,
      producerVersion: options.producerVersion,
      opsetImport: [{ domain: '', version: options.opset }],
      ...(options.docString === undefined ? {} : { docString: options.docString }),
      graph: {
        name: this.name,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
        ...(this.docString === undefined ? {} : { docString: this.docString }),
      },
    });
    const problem = onnx.ModelProto.verify(model);
    if (problem) throw new Error(`invalid ONNX model: ${problem}`);
    return onnx.ModelProto.encode(model).finish();
  }

  private define(name: string): void {
    if (name === '') throw new Error('value names must not be empty');
    if (this.definedValues.has(name)) throw new Error(`value "${name}" is defined twice`);
    this.definedValues.add(name);
  }

  private autoName(opType: string): string {
    const count = this.autoNameCounters.get(opType) ?? 0;
    this.autoNameCounters.set(opType, count + 1);
    return `${opType.toLowerCase()}_${count}`;
  }

  private checkElementCount(name: string, count: number, dims: readonly number[]): void {
    const expected = dims.reduce((product, d) => product * d, 1);
    if (count !== expected) throw new Error(`initializer ${name}: ${count} values for dims [${dims.join(', ')}]`);
  }
}

/** A decoded model as plain objects (int64 fields as numbers, bytes as Uint8Array): for tests and tools. */
export function decodeOnnxModel(bytes: Uint8Array): OnnxTypes.IModelProto {
  const message = onnx.ModelProto.decode(bytes);
  return onnx.ModelProto.toObject(message, { longs: Number, enums: Number });
}
