/**
 * The second opinion in the eval page (quality.md, "An independent judge"): @vladmandic/face-api
 * looks at an animation's frames. face-api is never part of the app: `kinora eval` serves its ESM
 * build and model folder from the npm package at same-origin URLs (cli/judge-assets.ts) and this
 * module — a lazy chunk that only `evalUrl` imports — loads them with a dynamic import(). The
 * scores themselves are computed by src/core/quality/judge.ts.
 *
 * Backend: tfjs 'cpu'. It needs neither a GPU nor extra wasm files (the package ships none for
 * tfjs' wasm backend) and gives the same numbers on every machine; measured in headless
 * Chromium on 2 busy cores: ~0.15 s for the 68 landmarks, ~0.15 s for the expressions, ~0.4 s
 * for the descriptor of one face (webgl through SwiftShader: slower for the descriptor, and 10 s
 * of shader compilation first).
 *
 * No face detector: the judge is told where the face is — the bounding box of the frame's target
 * landmarks (the photo: of the source landmarks), which on the fixtures lies within a few pixels
 * of face-api's own SSD box — so group photos judge the animated face. Then, as face-api's own
 * pipeline does: 68 landmarks on that crop, the aligned box from those landmarks, expressions and
 * descriptor on the aligned crop.
 */
import type * as FaceApi from '@vladmandic/face-api';
import { builtinDrivers } from '../../core/drivers/registry.ts';
import { boundingBoxOf, type FaceBox } from '../../core/quality/background.ts';
import { judgedExpressionOf, judgePlan, judgeScores, type JudgeLook, type JudgeSummary } from '../../core/quality/judge.ts';
import type { Points } from '../../core/quality/measures.ts';
import type { JudgeAssets } from '../automation-contract.ts';

type FaceApiModule = typeof FaceApi;
/** What face-api's ESM build exports of tfjs as `tf` at run time, beyond its typings. */
interface TfBackends {
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
}

let loading: { key: string; api: Promise<FaceApiModule> } | undefined;

async function load({ moduleUrl, modelUrl }: JudgeAssets): Promise<FaceApiModule> {
  const api = (await import(/* @vite-ignore */ moduleUrl)) as FaceApiModule;
  const tf = api.tf as unknown as TfBackends;
  if (!(await tf.setBackend('cpu'))) throw new Error("face-api: tfjs' cpu backend did not start");
  await tf.ready();
  const { faceLandmark68Net, faceExpressionNet, faceRecognitionNet } = api.nets;
  await Promise.all([faceLandmark68Net, faceExpressionNet, faceRecognitionNet].map((net) => net.loadFromUri(modelUrl)));
  return api;
}

/** face-api with its three nets loaded; once per page (an eval session), whatever the calls. */
export function loadJudge(assets: JudgeAssets): Promise<FaceApiModule> {
  const key = `${assets.moduleUrl} ${assets.modelUrl}`;
  if (loading?.key !== key) {
    const api = load(assets);
    loading = { key, api };
    // A failed load is tried again by the next call.
    api.catch(() => {
      if (loading?.api === api) loading = undefined;
    });
  }
  return loading.api;
}

/** The box in whole pixels inside the image (what face-api's extractFaces crops). */
function pixelBox(box: FaceBox, width: number, height: number): FaceBox {
  const x = Math.max(0, Math.floor(box.x));
  const y = Math.max(0, Math.floor(box.y));
  return { x, y, width: Math.min(width, Math.ceil(box.x + box.width)) - x, height: Math.min(height, Math.ceil(box.y + box.height)) - y };
}

/** What face-api sees in `box` of the image on `canvas`: 68 points (canvas pixels), descriptor, and expressions if asked. */
async function look(api: FaceApiModule, canvas: HTMLCanvasElement, box: FaceBox, expressions: boolean): Promise<JudgeLook> {
  const crop = pixelBox(box, canvas.width, canvas.height);
  const [face] = await api.extractFaces(canvas, [new api.Rect(crop.x, crop.y, crop.width, crop.height)]);
  const found = (await api.nets.faceLandmark68Net.detectLandmarks(face!)) as FaceApi.FaceLandmarks68;
  const landmarks = found.shiftBy<FaceApi.FaceLandmarks68>(crop.x, crop.y);
  const [aligned] = await api.extractFaces(canvas, [landmarks.align()]);
  const descriptor = (await api.nets.faceRecognitionNet.computeFaceDescriptor(aligned!)) as Float32Array;
  const expression = expressions ? ((await api.nets.faceExpressionNet.predictExpressions(aligned!)) as FaceApi.FaceExpressions) : undefined;
  return {
    points: landmarks.positions.map((p) => [p.x, p.y]),
    descriptor: Array.from(descriptor),
    ...(expression ? { expressions: { ...expression } as Record<string, number> } : {}),
  };
}

export interface JudgeSequenceInput {
  /** A built-in driver's id: its tags (smile/laugh/surprise) pick the expression judged. */
  driverId: string;
  width: number;
  height: number;
  /** The still photo's RGBA pixels at the frames' size. */
  photo: Uint8ClampedArray;
  /** The rendered frames' RGBA pixels, aligned with `targets`. */
  frames: readonly Uint8ClampedArray[];
  source: Points;
  targets: readonly Points[];
}

function driverTags(id: string): readonly string[] {
  return builtinDrivers().find((entry) => entry.driver.id === id)?.tags ?? [];
}

/** The judge's scores of one animated sequence (judgePlan's frames, each looked at once). */
export async function judgeSequence(api: FaceApiModule, input: JudgeSequenceInput): Promise<JudgeSummary> {
  const { width, height, frames, source, targets } = input;
  const plan = judgePlan(source, targets, judgedExpressionOf(input.driverId, driverTags(input.driverId)));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  const show = (pixels: Uint8ClampedArray) => context.putImageData(new ImageData(new Uint8ClampedArray(pixels), width, height), 0, 0);
  show(input.photo);
  const photo = await look(api, canvas, boundingBoxOf(source), true);
  const looks = new Map<number, JudgeLook>();
  for (const f of plan.frames) {
    show(frames[f]!);
    looks.set(f, await look(api, canvas, boundingBoxOf(targets[f]!), plan.expression?.frames.includes(f) ?? false));
  }
  return judgeScores(plan, photo, looks);
}
