import type { ParseDriverResult } from '../../core/drivers/format.ts';

/** The motion-file worker: the open driver format, parsed off the main thread. */
export interface MotionFileWorkerApi {
  parse(text: string): ParseDriverResult;
  parseFile(file: Blob): Promise<ParseDriverResult>;
}
