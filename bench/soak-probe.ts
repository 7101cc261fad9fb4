/**
 * The soak's instrumentation, run in the page (an init script) and in every worker (prepended to
 * the worker's script as it is served): counts the ImageBitmaps and object URLs that are alive.
 *
 * - ImageBitmaps: every one made with createImageBitmap or OffscreenCanvas.transferToImageBitmap,
 *   and every one received in a message (a MessageEvent's data is scanned the first time it is
 *   read), is held weakly. A reading counts those not yet collected whose width is not 0 (a
 *   closed or transferred ImageBitmap has width 0 and holds no pixels), with their pixel bytes.
 *   Collected ones drop out, so a reading after a forced GC counts only bitmaps something holds.
 * - Object URLs: URL.createObjectURL / revokeObjectURL wrapped; a reading lists the ones never
 *   revoked (count, bytes of their blobs, by MIME type).
 *
 * A string, not a function: tsx would add helpers (__name) that the page and workers lack.
 */
export const PROBE_SOURCE = `(() => {
  if (globalThis.__soakProbe) return;
  const bitmaps = new Set();
  const seen = new WeakSet();
  const urls = new Map();
  const totals = { bitmapsMade: 0, bitmapsReceived: 0, urlsMade: 0, urlsRevoked: 0 };
  const where = () => {
    const stack = new Error().stack || '';
    const line = stack.split('\\n').slice(3).find((l) => /https?:/.test(l)) || '';
    const m = line.match(/(\\/assets\\/[^\\s)]+|\\/[^\\s)\\/]+\\.js[^\\s)]*)/);
    return m ? m[1] : line.trim().slice(0, 120);
  };
  const track = (bitmap, received) => {
    if (!bitmap || typeof bitmap !== 'object' || seen.has(bitmap)) return bitmap;
    seen.add(bitmap);
    bitmaps.add({ ref: new WeakRef(bitmap), from: received ? 'message' : where() });
    if (received) totals.bitmapsReceived++;
    else totals.bitmapsMade++;
    return bitmap;
  };
  if (typeof globalThis.createImageBitmap === 'function') {
    const make = globalThis.createImageBitmap;
    globalThis.createImageBitmap = function createImageBitmap(...args) {
      return make.apply(this, args).then((bitmap) => track(bitmap, false));
    };
  }
  if (typeof OffscreenCanvas !== 'undefined' && OffscreenCanvas.prototype.transferToImageBitmap) {
    const transfer = OffscreenCanvas.prototype.transferToImageBitmap;
    OffscreenCanvas.prototype.transferToImageBitmap = function transferToImageBitmap() {
      return track(transfer.call(this), false);
    };
  }
  const scan = (value, depth) => {
    if (!value || typeof value !== 'object' || depth > 5) return;
    if (typeof ImageBitmap !== 'undefined' && value instanceof ImageBitmap) return void track(value, true);
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof Blob) return;
    if (Array.isArray(value)) {
      for (let i = 0; i < Math.min(value.length, 4096); i++) scan(value[i], depth + 1);
      return;
    }
    if (Object.getPrototypeOf(value) !== Object.prototype && !(value instanceof Map)) return;
    const entries = value instanceof Map ? [...value.values()] : Object.values(value);
    for (let i = 0; i < Math.min(entries.length, 256); i++) scan(entries[i], depth + 1);
  };
  const dataGetter = Object.getOwnPropertyDescriptor(MessageEvent.prototype, 'data');
  if (dataGetter && dataGetter.get) {
    const scanned = new WeakSet();
    Object.defineProperty(MessageEvent.prototype, 'data', {
      ...dataGetter,
      get() {
        const data = dataGetter.get.call(this);
        if (!scanned.has(this)) {
          scanned.add(this);
          try { scan(data, 0); } catch {}
        }
        return data;
      },
    });
  }
  const createURL = URL.createObjectURL;
  const revokeURL = URL.revokeObjectURL;
  URL.createObjectURL = function createObjectURL(object) {
    const url = createURL.call(URL, object);
    totals.urlsMade++;
    urls.set(url, { bytes: object && typeof object.size === 'number' ? object.size : 0, type: (object && object.type) || (object && object.constructor && object.constructor.name) || '?', from: where() });
    return url;
  };
  URL.revokeObjectURL = function revokeObjectURL(url) {
    if (urls.delete(url)) totals.urlsRevoked++;
    return revokeURL.call(URL, url);
  };
  globalThis.__soakProbe = {
    read() {
      let count = 0;
      let bytes = 0;
      const byOrigin = {};
      for (const entry of bitmaps) {
        const bitmap = entry.ref.deref();
        if (!bitmap || !bitmap.width) { bitmaps.delete(entry); continue; }
        count++;
        bytes += bitmap.width * bitmap.height * 4;
        const key = entry.from + ' ' + bitmap.width + 'x' + bitmap.height;
        byOrigin[key] = (byOrigin[key] || 0) + 1;
      }
      let urlBytes = 0;
      const urlTypes = {};
      for (const info of urls.values()) {
        urlBytes += info.bytes;
        const key = info.type + ' ' + info.from;
        urlTypes[key] = (urlTypes[key] || 0) + 1;
      }
      return { bitmaps: count, bitmapBytes: bytes, bitmapsBy: byOrigin, urls: urls.size, urlBytes, urlsBy: urlTypes, totals: { ...totals } };
    },
  };
})();
`;

export interface ProbeReading {
  bitmaps: number;
  bitmapBytes: number;
  /** "where it was made WxH" → count (where: the script that made it, or "message"). */
  bitmapsBy: Record<string, number>;
  urls: number;
  urlBytes: number;
  urlsBy: Record<string, number>;
  totals: { bitmapsMade: number; bitmapsReceived: number; urlsMade: number; urlsRevoked: number };
}
