import type { ParseDriverResult } from '../../core/drivers/format.ts';
import { say } from '../../i18n/messages.ts';
import { WorkerBridge } from '../worker-bridge.ts';
import type { MotionFileWorkerApi } from './contract.ts';

/** The page's side of the motion-file worker, started when a motion file is first read. */
export class MotionFileReader {
  private readonly bridge = new WorkerBridge<MotionFileWorkerApi>(
    () => new Worker(new URL('../../../workers/motion-file.worker.ts', import.meta.url), { type: 'module', name: 'kinora-motion-file' }),
    'motion file reader',
  );

  /** Never rejects: a worker that failed is a refusal with the reason. */
  async parseFile(file: Blob): Promise<ParseDriverResult> {
    try {
      return await this.bridge.api.parseFile(file);
    } catch (error) {
      return { ok: false, errors: [say('motion-file.unreadable', { reason: (error as Error).message })] };
    }
  }

  async parse(text: string): Promise<ParseDriverResult> {
    try {
      return await this.bridge.api.parse(text);
    } catch (error) {
      return { ok: false, errors: [say('motion-file.unreadable', { reason: (error as Error).message })] };
    }
  }

  dispose(): void {
    this.bridge.dispose();
  }
}
