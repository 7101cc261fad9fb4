/**
 * The super-resolution model's tensors (built by scripts/enhance-model/, run by the enhance
 * worker): planar RGB in 0..1, batch 1, any size; the output is `ENHANCE_FACTOR` times larger.
 */
export const EnhanceTensor = {
  image: 'image',
  upscaled: 'upscaled',
} as const;

/** The model's upscaling factor (the x4 ESRGAN-slim of @upscalerjs). */
export const ENHANCE_FACTOR = 4;

/** The model file under public/models/. */
export const ENHANCE_MODEL_FILE = 'enhance-esrgan-slim-x4.onnx';

export const ENHANCE_OPSET = 17;
