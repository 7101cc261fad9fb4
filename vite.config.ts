import { defineConfig } from 'vite';
import { offlinePrecache } from './scripts/offline-precache.ts';

// Cross-origin isolation lets onnxruntime-web and ffmpeg.wasm use threads (SharedArrayBuffer).
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export default defineConfig({
  // Relative URLs: dist/ can be deployed under any path of any static host.
  base: './',
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  plugins: [offlinePrecache()],
  worker: { format: 'es' },
  // Pre-bundling moves @ffmpeg/ffmpeg away from the worker.js next to it that it starts (dev only).
  optimizeDeps: { exclude: ['@ffmpeg/ffmpeg'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 2048 },
});
