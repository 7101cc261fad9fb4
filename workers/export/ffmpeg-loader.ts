/// <reference lib="webworker" />
import { FFmpeg } from '@ffmpeg/ffmpeg';
import { say, Refusal } from '../../src/i18n/messages.ts';
import { VIDEO_MAKER_MEGABYTES } from '../../src/pipeline/export/contract.ts';
import hostWorkerUrl from './ffmpeg-host.worker.ts?worker&url';

const appRoot = new URL(/* @vite-ignore */ '../', self.location.href).href;

/**
 * The core could not be downloaded: the network is unreachable (offline before the first MP4:
 * the offline cache keeps the core only once it has been used). Not an HTTP error.
 */
export class EncoderOfflineError extends Refusal {
  constructor(cause: unknown) {
    super(say('export.offline', { megabytes: VIDEO_MAKER_MEGABYTES }));
    this.cause = cause;
    this.name = 'EncoderOfflineError';
  }
}

/** Bytes of the core loaded so far, of total (0 when the server does not say). */
export type LoadProgress = (done: number, total: number) => void;

/**
 * ffmpeg.wasm, loaded on first use and kept for the worker's life: the threaded core when the
 * page is cross-origin isolated, else the single-thread one, both from public/vendor/ffmpeg/
 * (scripts/vendor-ffmpeg.ts), never a CDN. A run cannot be interrupted, only terminated with
 * its worker; the next load then starts afresh.
 */
export class FfmpegLoader {
  private loading: Promise<FFmpeg> | undefined;
  private ffmpeg: FFmpeg | undefined;
  private listener: LoadProgress | undefined;

  /** The loaded ffmpeg; progress goes to the latest caller's listener. */
  load(onProgress?: LoadProgress): Promise<FFmpeg> {
    this.listener = onProgress;
    if (!this.loading) {
      const loading = this.start();
      loading.catch(() => {
        if (this.loading === loading) this.loading = undefined;
      });
      this.loading = loading;
    }
    return this.loading;
  }

  terminate(): void {
    this.ffmpeg?.terminate();
    this.ffmpeg = undefined;
    this.loading = undefined;
  }

  private async start(): Promise<FFmpeg> {
    // The multi-thread core starts a fixed pool of 32 threads (~190 MB): worth it only with cores to spare.
    const core = crossOriginIsolated && (navigator.hardwareConcurrency ?? 1) > 4 ? 'mt' : 'st';
    const base = new URL(`vendor/ffmpeg/${core}/`, appRoot);
    // Fetched here rather than by ffmpeg, to count the bytes of its 32 MB as they arrive.
    const wasm = await fetchCounting(new URL('ffmpeg-core.wasm', base), (done, total) => this.listener?.(done, total));
    const wasmURL = URL.createObjectURL(wasm);
    const ffmpeg = new FFmpeg();
    this.ffmpeg = ffmpeg;
    try {
      await ffmpeg.load({
        classWorkerURL: new URL(hostWorkerUrl, import.meta.url).href,
        coreURL: new URL('ffmpeg-core.js', base).href,
        wasmURL,
        ...(core === 'mt' ? { workerURL: new URL('ffmpeg-core.worker.js', base).href } : {}),
      });
      return ffmpeg;
    } catch (error) {
      ffmpeg.terminate();
      // ffmpeg's worker rejects with its error's text.
      throw new Refusal(say('export.encoder-start', { reason: String(error) }));
    } finally {
      URL.revokeObjectURL(wasmURL);
    }
  }
}

async function fetchCounting(url: URL, onProgress: LoadProgress): Promise<Blob> {
  // fetch rejects (rather than answering an HTTP error) when the network cannot be reached;
  // offline, the service worker answers a file it has not cached with that network error too.
  const response = await fetch(url).catch((error: unknown) => {
    throw new EncoderOfflineError(error);
  });
  if (!response.ok || !response.body) throw new Refusal(say('export.encoder-load', { path: url.pathname, status: response.status }));
  const total = Number(response.headers.get('Content-Length')) || 0;
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let done = 0;
  let reported = 0;
  const reader = response.body.getReader();
  for (;;) {
    const chunk = await reader.read().catch((error: unknown) => {
      throw new EncoderOfflineError(error);
    });
    if (chunk.done) break;
    chunks.push(chunk.value);
    done += chunk.value.length;
    // About a hundred reports, not one per network chunk.
    if (done - reported >= (total || 32e6) / 100) {
      onProgress(done, total);
      reported = done;
    }
  }
  onProgress(done, total);
  return new Blob(chunks, { type: 'application/wasm' });
}
