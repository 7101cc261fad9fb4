/// <reference lib="webworker" />
import '../src/pipeline/network-guard.ts';
import { parseDriver } from '../src/core/drivers/format.ts';
import type { MotionFileWorkerApi } from '../src/pipeline/motion-file/contract.ts';
import { exposeSupervised } from '../src/pipeline/worker-bridge.ts';

/** Motion files are read here, not on the page: a long one must not freeze it. */
const api: MotionFileWorkerApi = {
  parse: (text) => parseDriver(text),
  async parseFile(file) {
    return parseDriver(await file.text());
  },
};

exposeSupervised(api);
