/**
 * The interface of the ONNX generator models (built by scripts/generator/generator-graph.ts),
 * shared by the build, the runtime and the TypeScript reference in ./reference.ts.
 *
 * All tensors are float32, batch 1, and their sizes are dynamic (chosen per session run):
 *
 *   source [1, 3, H, W]    the person: the photo's colours premultiplied by the person mask (so
 *                          that resampling keeps colour and coverage together), planar RGB, at any
 *                          scale (the app passes it at twice the output size, so a moved face is
 *                          sampled from finer pixels than it is shown at and stays as sharp as the
 *                          still photo).
 *   grid   [1, Ho, Wo, 2]  backward sampling map: for each output pixel, where to read `source`,
 *                          as (x, y) normalised to [-1, 1] with align_corners = 0, i.e. relative to
 *                          the image's outer edges, not its corner pixel centres:
 *                            x_norm = (2 * x_px + 1) / W - 1,   y_norm = (2 * y_px + 1) / H - 1
 *                          where pixel i has its centre at x_px = i. So -1 is the left edge of
 *                          pixel 0 (x_px = -0.5), +1 the right edge of pixel W - 1. Points outside
 *                          repeat the edge pixels (padding_mode "border").
 *   base   [1, 3, Ho, Wo]  what each output pixel shows besides the warped person: the still
 *                          background where the moved person does not cover it, and what the warp
 *                          cannot produce (mouth interior, closed lids, the far side of a fold's
 *                          antialiased edge), planar RGB.
 *   keep   [1, 1, Ho, Wo]  how much of the warped person each output pixel shows, 0..1 (less under
 *                          a fill).
 *   frame  [1, 3, Ho, Wo]  clip(base + keep * bilinearSample(source, grid), 0, 1).
 *
 * The page side (src/core/generator/animation.ts) composes `base` and `keep` per frame from the
 * person mask (warped with the same grid), the still background plate and the fills.
 *
 * The floor model has only `source` and `grid` and outputs the unclipped bilinear sample as
 * `frame`: the cost floor of any warping generator, used by the bench (at output size).
 */

export const GENERATOR_OPSET = 19;

export const GeneratorTensor = {
  source: 'source',
  grid: 'grid',
  base: 'base',
  keep: 'keep',
  frame: 'frame',
} as const;

/** Channels of each tensor along axis 1 (source, base, keep, frame) or the last axis (grid). */
export const SOURCE_CHANNELS = 3;
export const KEEP_CHANNELS = 1;
export const GRID_COORDINATES = 2;
