/// <reference lib="webworker" />
// ffmpeg.wasm's own worker (its FFmpeg class starts it from the export worker): the library's
// message handler, behind the network guard like every worker of the app.
import '../../src/pipeline/network-guard.ts';
import '@ffmpeg/ffmpeg/worker';
