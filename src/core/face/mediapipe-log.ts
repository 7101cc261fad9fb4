/**
 * MediaPipe's wasm writes its native logs (glog lines such as `I0000 00:00:… gl_context.cc:…]`,
 * TFLite's `INFO: Created TensorFlow Lite XNNPACK delegate for CPU.`) to stderr, which its
 * emscripten glue sends to console.error. These are not errors: they are dropped. Anything else
 * (errors and fatal lines included) still reaches the console.
 */

/** glog: severity letter, MMDD, time, thread, file:line]; I and W only (E and F are real errors). */
const GLOG_CHATTER = /^[IW]\d{4} [\d:.]+\s+\d+\s+\S+:\d+\]/;
/** TFLite's own logger. */
const TFLITE_CHATTER = /^(?:INFO|WARNING|VERBOSE): /;
/** MediaPipe's own note each time a task's graph starts. */
const GRAPH_STARTED = /^Graph successfully started running\.$/;

export function isMediaPipeChatter(line: unknown): boolean {
  return typeof line === 'string' && (GLOG_CHATTER.test(line) || TFLITE_CHATTER.test(line) || GRAPH_STARTED.test(line));
}

/** `log` without MediaPipe's chatter. */
export function withoutChatter(log: (...args: unknown[]) => void): (...args: unknown[]) => void {
  return (...args) => {
    if (args.length === 1 && isMediaPipeChatter(args[0])) return;
    log(...args);
  };
}
