// Builds the offline MediaPipe assets the app loads (run by `npm run build:models`):
//   public/models/face_detector.tflite   tasks-vision FaceDetector model
//   public/models/face_landmarker.task   tasks-vision FaceLandmarker bundle
//   public/models/selfie_segmenter.tflite tasks-vision ImageSegmenter model (the person mask)
//   public/models/generator.onnx         the frame synthesis graph (scripts/generator/)
//   public/models/floor.onnx             GridSample alone: the bench's cost floor
//   public/models/enhance-esrgan-slim-x4.onnx  "Enhance": @upscalerjs/esrgan-slim converted (scripts/enhance-model/)
//   public/vendor/mediapipe/*            tasks-vision wasm (FilesetResolver base; never a CDN)
// Only npm packages already in node_modules are used: no network, byte-identical every run.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assembleFaceModels } from './face-model/face-models.ts';
import { readLegacyFaceModels } from './face-model/legacy-assets.ts';
import { buildSelfieSegmenter, readSelfieSegmentationModel } from './face-model/selfie-segmenter.ts';
import { buildGeneratorModels } from './generator/generator-graph.ts';
import { buildEnhanceModel } from './enhance-model/enhance-model.ts';
import { ENHANCE_MODEL_FILE } from '../src/core/enhance/contract.ts';

export const OUTPUT_PATHS = {
  faceDetector: 'public/models/face_detector.tflite',
  faceLandmarkerTask: 'public/models/face_landmarker.task',
  selfieSegmenter: 'public/models/selfie_segmenter.tflite',
  generator: 'public/models/generator.onnx',
  generatorFloor: 'public/models/floor.onnx',
  enhance: `public/models/${ENHANCE_MODEL_FILE}`,
  wasmDir: 'public/vendor/mediapipe',
} as const;
const TASKS_VISION_WASM = 'node_modules/@mediapipe/tasks-vision/wasm';
/** The app loads the module build of the SIMD wasm (module workers); the other builds are not shipped. */
const TASKS_VISION_FILES = /^vision_wasm_module_internal\.(js|wasm)$/;

export interface BuildModelsOptions {
  /** Directory holding `node_modules/` and `public/`; defaults to this repository. */
  projectRoot?: string;
  /** Receives one line per output; defaults to console.log. */
  log?: (line: string) => void;
}

export interface BuiltOutput {
  /** Path relative to the project root. */
  path: string;
  size: number;
  sha256: string;
}

const defaultProjectRoot = () => resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function buildModels(options: BuildModelsOptions = {}): BuiltOutput[] {
  const root = options.projectRoot ?? defaultProjectRoot();
  const log = options.log ?? console.log;
  const outputs: BuiltOutput[] = [];
  const record = (path: string, bytes: Uint8Array) => {
    const output = { path: relative(root, path), size: bytes.length, sha256: sha256(bytes) };
    outputs.push(output);
    log(`${output.path.padEnd(58)} ${String(output.size).padStart(9)} bytes  sha256 ${output.sha256}`);
  };

  const models = assembleFaceModels(readLegacyFaceModels(join(root, 'node_modules')));
  const selfieSegmenter = buildSelfieSegmenter(readSelfieSegmentationModel(join(root, 'node_modules')));
  const generator = buildGeneratorModels();
  const enhance = buildEnhanceModel(join(root, 'node_modules'));
  for (const [path, bytes] of [
    [join(root, OUTPUT_PATHS.faceDetector), models.faceDetector],
    [join(root, OUTPUT_PATHS.faceLandmarkerTask), models.faceLandmarkerTask],
    [join(root, OUTPUT_PATHS.selfieSegmenter), selfieSegmenter],
    [join(root, OUTPUT_PATHS.generator), generator.generator],
    [join(root, OUTPUT_PATHS.generatorFloor), generator.floor],
    [join(root, OUTPUT_PATHS.enhance), enhance],
  ] as const) {
    writeFileAtomically(path, bytes);
    record(path, bytes);
  }

  const wasmSource = join(root, TASKS_VISION_WASM);
  const wasmTarget = join(root, OUTPUT_PATHS.wasmDir);
  mkdirSync(wasmTarget, { recursive: true });
  const wasmFiles = readdirSync(wasmSource, { withFileTypes: true })
    .filter((entry) => entry.isFile() && TASKS_VISION_FILES.test(entry.name))
    .map((entry) => entry.name)
    .sort();
  if (wasmFiles.length === 0) throw new Error(`no files in ${wasmSource}`);
  // Drop leftovers of an older tasks-vision so the directory mirrors the installed version.
  for (const stale of readdirSync(wasmTarget).filter((name) => !wasmFiles.includes(name))) {
    rmSync(join(wasmTarget, stale), { recursive: true, force: true });
  }
  for (const name of wasmFiles) {
    const target = join(wasmTarget, name);
    copyFileSync(join(wasmSource, name), target);
    record(target, readFileSync(target));
  }
  return outputs;
}

/** Write then rename, so a running dev server never serves a half-written model. */
function writeFileAtomically(path: string, bytes: Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, bytes);
  renameSync(temporary, path);
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const runDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (runDirectly) {
  try {
    buildModels();
  } catch (error) {
    console.error(`build-models: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
