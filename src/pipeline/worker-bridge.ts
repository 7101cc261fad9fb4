import * as Comlink from 'comlink';

/**
 * One typed comlink bridge to one worker, started on first use and freed by `dispose` (a closed
 * tab, or a worker to replace). `start` creates the worker: it must stay a literal
 * `new Worker(new URL(...), ...)` at the call site for the bundler to find the worker.
 */
export class WorkerBridge<Api> {
  private worker: Worker | undefined;
  private remote: Comlink.Remote<Api> | undefined;

  constructor(private readonly start: () => Worker) {}

  get api(): Comlink.Remote<Api> {
    if (!this.remote) {
      this.worker = this.start();
      this.remote = Comlink.wrap<Api>(this.worker);
    }
    return this.remote;
  }

  /** The bridge if the worker runs, without starting it. */
  get running(): Comlink.Remote<Api> | undefined {
    return this.remote;
  }

  dispose(): void {
    this.remote?.[Comlink.releaseProxy]();
    this.worker?.terminate();
    this.worker = undefined;
    this.remote = undefined;
  }
}
