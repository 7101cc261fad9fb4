import { MessageChannel, type MessagePort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { exposeSupervised, isWorkerGone, WorkerBridge, type WorkerLike } from './worker-bridge.ts';

interface Api {
  echo(value: number): number;
  /** Never answers: a worker stuck for good. */
  stuck(): Promise<never>;
  /** Answers after `ms`, pinging along the way (a busy but living worker). */
  slow(ms: number): Promise<string>;
}

const FAST = { pingEveryMs: 10, busyDeadMs: 150, idleDeadMs: 60, startDeadMs: 300 };

/** A "worker" on a message channel; `kill` makes it go silent, as a closed or crashed worker does. */
function fakeWorkers() {
  const started: { port: MessagePort; kill(): void; terminated: boolean; fireError(message: string): void }[] = [];
  const start = (): WorkerLike => {
    const { port1, port2 } = new MessageChannel();
    const listeners = new Map<string, ((event: Event) => void)[]>();
    const api: Api = {
      echo: (value) => value,
      stuck: () => new Promise<never>(() => undefined),
      slow: (ms) => new Promise((resolve) => setTimeout(() => resolve('done'), ms)),
    };
    exposeSupervised(api, port2 as unknown as Comlink.Endpoint);
    const entry = {
      port: port1,
      terminated: false,
      kill: () => port2.close(),
      fireError: (message: string) => {
        const event = Object.assign(new Event('error', { cancelable: true }), { message });
        listeners.get('error')?.forEach((listener) => listener(event));
      },
    };
    started.push(entry);
    return {
      postMessage: (message: unknown, transfer?: Transferable[]) => port1.postMessage(message, transfer as never),
      addEventListener: (type: string, listener: (event: Event) => void) => {
        if (type === 'message') port1.addEventListener('message', listener as never);
        else listeners.set(type, [...(listeners.get(type) ?? []), listener]);
      },
      removeEventListener: (type: string, listener: (event: Event) => void) => {
        if (type === 'message') port1.removeEventListener('message', listener as never);
      },
      start: () => port1.start(),
      terminate: () => {
        entry.terminated = true;
        port1.close();
      },
    } as unknown as WorkerLike;
  };
  return { start, started };
}

const bridges: WorkerBridge<Api>[] = [];
afterEach(() => bridges.splice(0).forEach((bridge) => bridge.dispose()));

function bridgeOf(start: () => WorkerLike) {
  const bridge = new WorkerBridge<Api>(start, 'test', FAST);
  bridges.push(bridge);
  return bridge;
}

describe('WorkerBridge', () => {
  it('starts the worker on first use and answers calls', async () => {
    const { start, started } = fakeWorkers();
    const bridge = bridgeOf(start);
    expect(bridge.running).toBeUndefined();
    expect(await bridge.api.echo(7)).toBe(7);
    expect(started).toHaveLength(1);
  });

  it('a busy worker that keeps answering its heartbeat is left alone', async () => {
    const { start, started } = fakeWorkers();
    const bridge = bridgeOf(start);
    // Four times longer than a silent worker is given.
    expect(await bridge.api.slow(FAST.busyDeadMs * 4)).toBe('done');
    expect(started).toHaveLength(1);
  });

  it('a worker that went silent is found dead: the call in flight fails, the next call gets a new worker', async () => {
    const { start, started } = fakeWorkers();
    const bridge = bridgeOf(start);
    await bridge.api.echo(1);
    started[0]!.kill();
    const failed = await bridge.api.echo(2).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isWorkerGone(failed)).toBe(true);
    expect(String(failed)).toMatch(/The test worker stopped: no answer/);
    expect(started[0]!.terminated).toBe(true);
    expect(await bridge.api.echo(3)).toBe(3);
    expect(started).toHaveLength(2);
  });

  it('a new worker gets time to start; one that never answers is dead after it', async () => {
    const { started } = fakeWorkers();
    const silent = () => {
      const worker = fakeWorkers();
      const made = worker.start();
      worker.started[0]!.kill();
      started.push(worker.started[0]!);
      return made;
    };
    const bridge = bridgeOf(silent);
    const t0 = Date.now();
    await expect(bridge.api.echo(1)).rejects.toThrow(/stopped/);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(FAST.startDeadMs - 20);
  });

  it('a worker stuck in a call while answering nothing else is dead too', async () => {
    const { start, started } = fakeWorkers();
    const bridge = bridgeOf(start);
    await bridge.api.echo(0);
    const stuck = bridge.api.stuck();
    await new Promise((resolve) => setTimeout(resolve, 30));
    started[0]!.kill();
    await expect(stuck).rejects.toThrow(/stopped/);
  });

  it("an error event from the worker ends it at once, without the page seeing an uncaught error", async () => {
    const { start, started } = fakeWorkers();
    const bridge = bridgeOf(start);
    const stuck = bridge.api.stuck();
    await new Promise((resolve) => setTimeout(resolve, 5));
    started[0]!.fireError('RuntimeError: memory access out of bounds');
    await expect(stuck).rejects.toThrow(/memory access out of bounds/);
    expect(started[0]!.terminated).toBe(true);
    expect(await bridge.api.echo(4)).toBe(4);
  });

  it('dispose ends the worker; a later call starts another', async () => {
    const { start, started } = fakeWorkers();
    const bridge = bridgeOf(start);
    await bridge.api.echo(1);
    bridge.dispose();
    expect(started[0]!.terminated).toBe(true);
    expect(bridge.running).toBeUndefined();
    expect(await bridge.api.echo(5)).toBe(5);
  });
});
