import * as Comlink from 'comlink';

/** The workers' names, as messages say them. */
export const FACE_FINDER = 'face finder';
export const ANIMATOR = 'animation';
export const FILE_MAKER = 'file maker';

/** What every supervised worker answers: a heartbeat. */
export interface Supervised {
  ping(): boolean;
}

/** Exposes a worker's API with the heartbeat the page's bridge listens for. */
export function exposeSupervised<Api extends object>(api: Api, endpoint?: Comlink.Endpoint): void {
  Comlink.expose({ ...api, ping: () => true }, endpoint);
}

/** The worker stopped (crashed, ran out of memory, was put to sleep for good) or stopped answering. */
export class WorkerGone extends Error {
  constructor(
    readonly worker: string,
    reason: string,
  ) {
    super(`The ${worker} worker stopped: ${reason}.`);
    this.name = 'WorkerGone';
  }
}

export function isWorkerGone(error: unknown): error is WorkerGone {
  return error instanceof WorkerGone;
}

/** The parts of a Worker the bridge uses (a real Worker, or a stand-in in tests). */
export type WorkerLike = Comlink.Endpoint & Pick<Worker, 'terminate'>;

export interface Supervision {
  /** How often a busy worker is asked whether it is alive. */
  pingEveryMs: number;
  /** A busy worker silent this long is dead (it may be computing: generous). */
  busyDeadMs: number;
  /** An idle worker answers at once: silent this long after a call starts, it is dead. */
  idleDeadMs: number;
  /** A new worker loads its script and wasm before it can answer anything. */
  startDeadMs: number;
}

export const DEFAULT_SUPERVISION: Supervision = { pingEveryMs: 1000, busyDeadMs: 20_000, idleDeadMs: 5_000, startDeadMs: 30_000 };

interface Life {
  worker: WorkerLike;
  remote: Comlink.Remote<Supervised>;
  guarded: unknown;
  /** Rejects when the worker is found dead. */
  lost: Promise<never>;
  declareDead(reason: string): void;
  pending: number;
  /** When the worker last showed it was alive (an answer, a pong). */
  lastSign: number;
  /** It has answered something since it started. */
  answered: boolean;
  /** The deadline for the next sign of life while calls are pending. */
  deadAfter: number;
  timer?: ReturnType<typeof setInterval>;
}

/**
 * One typed comlink bridge to one worker, started on first use, supervised, and freed by
 * `dispose`. `start` creates the worker: it must stay a literal `new Worker(new URL(...), ...)`
 * at the call site for the bundler to find it.
 *
 * Supervision: an 'error' or 'messageerror' from the worker, or silence (no answer to a heartbeat
 * while calls are pending), ends it — every call in flight rejects with WorkerGone, and the next
 * call starts a fresh worker. Nothing waits forever on a dead worker.
 */
export class WorkerBridge<Api> {
  private life: Life | undefined;

  constructor(
    private readonly start: () => WorkerLike,
    private readonly name: string,
    private readonly supervision: Supervision = DEFAULT_SUPERVISION,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get api(): Comlink.Remote<Api> {
    return (this.life ??= this.launch()).guarded as Comlink.Remote<Api>;
  }

  /** The bridge if the worker runs, without starting it. */
  get running(): Comlink.Remote<Api> | undefined {
    return this.life?.guarded as Comlink.Remote<Api> | undefined;
  }

  dispose(): void {
    this.end(this.life);
  }

  private launch(): Life {
    const worker = this.start();
    const remote = Comlink.wrap<Supervised>(worker);
    let reject!: (error: Error) => void;
    const lost = new Promise<never>((_, r) => (reject = r));
    // Nobody may be waiting when it dies: that is no unhandled rejection.
    lost.catch(() => undefined);
    const life: Life = {
      worker,
      remote,
      guarded: undefined,
      lost,
      pending: 0,
      answered: false,
      lastSign: this.now(),
      deadAfter: Infinity,
      declareDead: (reason) => {
        reject(new WorkerGone(this.name, reason));
        if (this.life === life) this.end(life);
      },
    };
    const onError = (event: Event) => {
      // Handled here: the page reports it as a failure of the job, not as an uncaught error.
      event.preventDefault();
      life.declareDead((event as ErrorEvent).message || 'an error it could not recover from');
    };
    worker.addEventListener('error', onError);
    worker.addEventListener('messageerror', () => life.declareDead('a message it could not read'));
    life.guarded = this.guard(life);
    return life;
  }

  /** The remote, with every call raced against the worker's death and watched by the heartbeat. */
  private guard(life: Life): unknown {
    const call = (method: PropertyKey, args: unknown[]) => {
      const { idleDeadMs, busyDeadMs, startDeadMs } = this.supervision;
      const idle = life.pending === 0;
      life.pending++;
      const started = this.now();
      // An idle worker answers a heartbeat at once; a busy one may be deep in a computation; a
      // new one is still loading.
      life.deadAfter = Math.min(life.deadAfter, started + (!life.answered ? startDeadMs : idle ? idleDeadMs : busyDeadMs));
      this.watch(life);
      const answer = (life.remote as unknown as Record<PropertyKey, (...a: unknown[]) => Promise<unknown>>)[method]!(...args);
      const settled = () => {
        life.pending--;
        life.answered = true;
        life.lastSign = this.now();
        life.deadAfter = life.pending ? life.lastSign + busyDeadMs : Infinity;
        if (!life.pending) this.unwatch(life);
      };
      void answer.then(settled, settled);
      return Promise.race([answer, life.lost]);
    };
    return new Proxy(
      {},
      {
        get: (_target, method) => {
          // Not a thenable: `await bridge.api` must not call anything.
          if (method === 'then') return undefined;
          return (...args: unknown[]) => call(method, args);
        },
      },
    );
  }

  private watch(life: Life): void {
    if (life.timer !== undefined) return;
    const { pingEveryMs, busyDeadMs } = this.supervision;
    const beat = () => {
      if (this.now() > life.deadAfter) return life.declareDead(`no answer for ${Math.round((this.now() - life.lastSign) / 1000)} s`);
      void life.remote.ping().then(
        () => {
          life.answered = true;
          life.lastSign = this.now();
          if (life.pending) life.deadAfter = life.lastSign + busyDeadMs;
        },
        () => undefined,
      );
    };
    beat();
    life.timer = setInterval(beat, pingEveryMs);
  }

  private unwatch(life: Life): void {
    if (life.timer !== undefined) clearInterval(life.timer);
    life.timer = undefined;
  }

  private end(life: Life | undefined): void {
    if (!life) return;
    this.unwatch(life);
    if (this.life === life) this.life = undefined;
    life.remote[Comlink.releaseProxy]();
    life.worker.terminate();
  }
}
