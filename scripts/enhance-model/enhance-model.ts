// The "Enhance" super-resolution model: @upscalerjs' ESRGAN (an RDN, MIT) converted to ONNX.
// Slim, not medium: on this project's 2-core WASM budget medium is ~4x slower for ~0.1 dB more
// (README, "Enhance"; `npx tsx scripts/enhance-eval.ts --model medium` measures both).
import { join } from 'node:path';
import { ENHANCE_FACTOR, ENHANCE_OPSET, EnhanceTensor } from '../../src/core/enhance/contract.ts';
import { convertLayersModel } from './convert.ts';
import { readLayersModel } from './layers-model.ts';

export type EnhanceVariant = 'slim' | 'medium';

/** model.json of a variant inside node_modules. */
export const layersModelPath = (nodeModules: string, variant: EnhanceVariant, factor = ENHANCE_FACTOR): string =>
  join(nodeModules, '@upscalerjs', `esrgan-${variant}`, 'models', `x${factor}`, 'model.json');

/** The RDN models read and write pixels in 0..255 (upscalerjs' esrgan definition: inputRange). */
const RDN_PIXEL_RANGE = 1;

export function buildEnhanceModel(nodeModules: string, variant: EnhanceVariant = 'slim'): Uint8Array {
  return convertLayersModel(readLayersModel(layersModelPath(nodeModules, variant)), {
    inputName: EnhanceTensor.image,
    outputName: EnhanceTensor.upscaled,
    pixelRange: RDN_PIXEL_RANGE,
    opset: ENHANCE_OPSET,
    docString: `@upscalerjs/esrgan-${variant} x${ENHANCE_FACTOR} (MIT), converted by Kinora: planar RGB 0..1 in, ${ENHANCE_FACTOR}x larger out.`,
  });
}
