import { defineConfig, type Plugin } from 'vite';
import { offlinePrecache } from './scripts/offline-precache.ts';
import { CONTENT_SECURITY_POLICY } from './src/offline/csp.ts';

// Cross-origin isolation lets onnxruntime-web and ffmpeg.wasm use threads (SharedArrayBuffer).
// The Content-Security-Policy (src/offline/csp.ts) as `kinora serve` sends it.
const headers = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
};

/**
 * `npm run dev` only: vite's dev server injects every CSS module as a <style> element (for hot
 * reload), which `style-src 'self'` refuses. The dev server's page and header allow inline
 * styles; the build links its CSS as a file and keeps the strict policy (preview and `kinora serve`).
 */
const devInlineStyles = (policy: string) => policy.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");
function devStylePolicy(): Plugin {
  return {
    name: 'kinora-dev-style-policy',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace(/(http-equiv="Content-Security-Policy" content=")([^"]*)/, (_, head: string, policy: string) => head + devInlineStyles(policy)),
  };
}

export default defineConfig({
  // Relative URLs: dist/ can be deployed under any path of any static host.
  base: './',
  server: { headers: { ...headers, 'Content-Security-Policy': devInlineStyles(CONTENT_SECURITY_POLICY) } },
  preview: { headers },
  plugins: [offlinePrecache(), devStylePolicy()],
  worker: { format: 'es' },
  // Pre-bundling moves @ffmpeg/ffmpeg away from the worker.js next to it that it starts (dev only).
  optimizeDeps: { exclude: ['@ffmpeg/ffmpeg'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 2048 },
});
