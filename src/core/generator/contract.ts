/**
 * The interface of the ONNX generator models (built by scripts/generator/generator-graph.ts),
 * shared by the build, the runtime and the TypeScript reference in ./reference.ts.
 *
 * All tensors are float32, batch 1, and their sizes are dynamic (chosen per session run):
 *
 *   source [1, 3, H, W]    the person: the photo's colours premultiplied by `figure` (so that
 *                          resampling keeps colour and coverage together), planar RGB, at any
 *                          scale (the app passes it at twice the output size, so a moved face is
 *                          sampled from finer pixels than it is shown at and stays as sharp as the
 *                          still photo).
 *   grid   [1, Ho, Wo, 2]  backward sampling map: for each output pixel, where to read `source`
 *                          and `figure`, as (x, y) normalised to [-1, 1] with align_corners = 0,
 *                          i.e. relative to the image's outer edges, not its corner pixel centres:
 *                            x_norm = (2 * x_px + 1) / W - 1,   y_norm = (2 * y_px + 1) / H - 1
 *                          where pixel i has its centre at x_px = i. So -1 is the left edge of
 *                          pixel 0 (x_px = -0.5), +1 the right edge of pixel W - 1. Points outside
 *                          repeat the edge pixels (padding_mode "border").
 *   figure [1, 1, Hm, Wm]  how much each photo pixel belongs to the animated person (0..1, soft
 *                          edges), at any scale: warped with the same grid, it is the moved
 *                          figure's coverage.
 *   plate  [1, 3, Ho, Wo]  the still background at output size: the photo, with the animated
 *                          person filled in from around them (what a moving head uncovers).
 *   fill   [1, 4, Ho, Wo]  what the warp cannot produce (mouth interior, closed lids, the far side
 *                          of an antialiased edge): RGB premultiplied by alpha in channels 0..2,
 *                          alpha in channel 3.
 *   frame  [1, 3, Ho, Wo]  with W = bilinearSample(source, grid), A = bilinearSample(figure, grid):
 *                          clip((plate * (1 - A) + W) * (1 - fill_alpha) + fill_rgb, 0, 1).
 *
 * The floor model has only `source` and `grid` and outputs the unclipped bilinear sample as
 * `frame`: the cost floor of any warping generator, used by the bench (at output size).
 */

export const GENERATOR_OPSET = 19;

export const GeneratorTensor = {
  source: 'source',
  grid: 'grid',
  figure: 'figure',
  plate: 'plate',
  fill: 'fill',
  frame: 'frame',
} as const;

/** Channels of each tensor along axis 1 (source, plate, fill, frame, figure) or the last axis (grid). */
export const SOURCE_CHANNELS = 3;
export const FIGURE_CHANNELS = 1;
export const FILL_CHANNELS = 4;
export const GRID_COORDINATES = 2;
