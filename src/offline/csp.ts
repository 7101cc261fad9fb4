/**
 * Kinora's Content-Security-Policy: the browser itself enforces "nothing leaves the device".
 * One source for every place that sends it: `kinora serve` (cli/static-server.ts), vite's dev and
 * preview servers (vite.config.ts), the service worker's offline answers, and the <meta> tag in
 * index.html (checked equal by cli/static-server.test.ts). Why each allowance: README, "Privacy".
 */
const DIRECTIVES: readonly (readonly [string, string])[] = [
  ['default-src', "'self'"],
  // No inline script, no eval; 'wasm-unsafe-eval' only lets WebAssembly compile (MediaPipe,
  // onnxruntime-web, ffmpeg.wasm all compile their .wasm in the page's workers).
  ['script-src', "'self' 'wasm-unsafe-eval'"],
  ['style-src', "'self'"],
  // data: for index.html's empty favicon (`<link rel="icon" href="data:,">`, which spares a
  // request for /favicon.ico). Photos and frames are drawn on canvases: no blob: images.
  ['img-src', "'self' data:"],
  // A recording ("Record from a video…") plays from a blob: URL.
  ['media-src', "'self' blob:"],
  // blob: for ffmpeg.wasm: the export worker reads its 32 MB core itself (to show progress) and
  // hands it to ffmpeg as a blob: URL, which ffmpeg fetches. A blob: URL holds bytes already in
  // this browser: reading one never reaches the network.
  ['connect-src', "'self' blob:"],
  ['object-src', "'none'"],
  ['base-uri', "'self'"],
  ['form-action', "'none'"],
];

/** Only as a response header: a <meta> policy cannot set frame-ancestors (browsers ignore it there). */
const HEADER_ONLY: readonly (readonly [string, string])[] = [['frame-ancestors', "'none'"]];

const serialise = (directives: readonly (readonly [string, string])[]) => directives.map(([name, value]) => `${name} ${value}`).join('; ');

/** The policy as the `<meta http-equiv="Content-Security-Policy">` of index.html states it. */
export const CSP_META = serialise(DIRECTIVES);

/** The policy as the `Content-Security-Policy` response header. */
export const CONTENT_SECURITY_POLICY = serialise([...DIRECTIVES, ...HEADER_ONLY]);
