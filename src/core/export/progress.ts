/**
 * One progress bar for making a file: loading the encoder (first MP4 only), rendering the frames
 * at the export size (unless the preview's frames serve), and encoding. Each stage takes a share
 * of the bar in proportion to what it usually costs, so the bar moves evenly and the ETA holds.
 */

export type MakeStage = 'loading' | 'rendering' | 'encoding';

export interface MakePlan {
  /** The encoder must be fetched first. */
  load: boolean;
  /** Frames must be rendered at the export size. */
  render: boolean;
  /** Encoding streams with rendering (GIF), or runs after all frames are in (MP4). */
  streaming: boolean;
}

/** Rough relative costs, measured on this project's bench (rendering ~17 ms/frame at 512 px). */
const COST: Record<MakeStage, number> = { loading: 1, rendering: 4, encoding: 3 };

/** A stage's share of the bar: a streaming encoder finishes with the rendering, so it adds none. */
function costOf(plan: MakePlan, stage: MakeStage): number {
  return plan.streaming && plan.render && stage === 'encoding' ? 0 : COST[stage];
}

function stagesOf(plan: MakePlan): MakeStage[] {
  return [...(plan.load ? ['loading' as const] : []), ...(plan.render ? ['rendering' as const] : []), 'encoding'];
}

/** Fraction (0..1) of the whole job when `stage` is `part` (0..1) done. */
export function overallFraction(plan: MakePlan, stage: MakeStage, part: number): number {
  const stages = stagesOf(plan);
  const cost = (s: MakeStage) => costOf(plan, s);
  const total = stages.reduce((sum, s) => sum + cost(s), 0);
  let before = 0;
  for (const s of stages) {
    if (s === stage) break;
    before += cost(s);
  }
  const own = stages.includes(stage) ? cost(stage) : 0;
  return Math.min(1, Math.max(0, (before + own * Math.min(1, Math.max(0, part))) / total));
}

/** The time left as it is said: almost done, whole seconds under a minute, else whole minutes; undefined while unknown. */
export function roundedTimeLeft(seconds: number | undefined): { unit: 'almost' } | { unit: 'seconds' | 'minutes'; count: number } | undefined {
  if (seconds === undefined) return undefined;
  if (seconds < 1.5) return { unit: 'almost' };
  if (seconds < 60) return { unit: 'seconds', count: Math.round(seconds) };
  return { unit: 'minutes', count: Math.round(seconds / 60) };
}

/**
 * The time left of one file, learnt as it goes: the stage under way is extrapolated from its own
 * pace once a little of it is done, and the stages still to come from the pace of the work done
 * so far (seconds per unit of COST), not from fixed guesses — so an encoder slower than usual
 * on this machine shows in the estimate as soon as it starts.
 */
export function etaTracker(now: () => number) {
  const started = now();
  let current: MakeStage | undefined;
  let stageStarted = started;
  /** Seconds each finished stage took. */
  const took = new Map<MakeStage, number>();
  return {
    update(plan: MakePlan, stage: MakeStage, part: number): { fraction: number; secondsLeft?: number } {
      const t = now();
      if (stage !== current) {
        if (current !== undefined) took.set(current, (t - stageStarted) / 1000);
        current = stage;
        stageStarted = t;
      }
      const fraction = overallFraction(plan, stage, part);
      const inStage = (t - stageStarted) / 1000;
      const done = Math.min(1, Math.max(0, part));
      const stages = stagesOf(plan);
      const cost = (s: MakeStage) => costOf(plan, s);
      // Seconds per unit of cost, from the stages finished and the part of this one done.
      let spent = 0;
      let units = 0;
      for (const [s, seconds] of took) {
        spent += seconds;
        units += cost(s);
      }
      const ownPaceKnown = done >= 0.05 && inStage >= 0.3;
      if (ownPaceKnown) {
        spent += inStage;
        units += cost(stage) * done;
      }
      if (units <= 0 || spent < 0.3) return { fraction };
      const pace = spent / units;
      const thisStage = ownPaceKnown ? (inStage * (1 - done)) / done : pace * cost(stage) * (1 - done);
      const later = stages.slice(stages.indexOf(stage) + 1).reduce((sum, s) => sum + pace * cost(s), 0);
      return { fraction, secondsLeft: Math.max(0, thisStage + later) };
    },
  };
}
