/** The MP4 export's ffmpeg command line and frame geometry (pure, so tested in Node). */

/**
 * yuv420p halves chroma in both directions, so x264 needs even sides: an odd side loses its
 * last row or column (a crop: padding would add a black line to the picture).
 */
export function evenFrameSize(width: number, height: number): { width: number; height: number } {
  const even = (side: number) => Math.max(2, side - (side % 2));
  return { width: even(width), height: even(height) };
}

/** Where the stored frames go in ffmpeg's file system: one JPEG per frame, in order. */
export const FRAME_DIR = '/frames';
const FRAME_PATTERN = 'f%05d.jpg';
export const frameFileName = (index: number): string => `f${String(index).padStart(5, '0')}.jpg`;

export interface Mp4Options {
  fps: number;
  /** Stored in the file's metadata (ffprobe -show_format shows it as the comment tag). */
  note: string;
  output: string;
  /** x264 constant rate factor: lower is better and bigger; 20 keeps a photo's grain. */
  crf?: number;
  preset?: 'ultrafast' | 'superfast' | 'veryfast' | 'faster' | 'fast' | 'medium';
}

/**
 * H.264 High, yuv420p, BT.709 (tagged), moov first (+faststart) so a browser starts playing
 * before the whole file has arrived. Every thread count is explicit: ffmpeg's "auto" crashes
 * ffmpeg.wasm's threaded core (`function signature mismatch`); the single-thread core ignores it.
 */
export function mp4EncodeArgs(options: Mp4Options): string[] {
  const threads = '2';
  return [
    '-hide_banner',
    '-threads', threads,
    '-framerate', String(options.fps),
    '-start_number', '0',
    '-i', `${FRAME_DIR}/${FRAME_PATTERN}`,
    '-filter_threads', '1',
    // The JPEGs are full-range BT.601; players assume limited range, and BT.709 once tagged.
    '-vf', 'scale=out_color_matrix=bt709:out_range=tv,format=yuv420p',
    '-c:v', 'libx264',
    '-preset', options.preset ?? 'veryfast',
    '-crf', String(options.crf ?? 20),
    '-threads', threads,
    '-colorspace', 'bt709',
    '-color_primaries', 'bt709',
    '-color_trc', 'bt709',
    '-color_range', 'tv',
    '-movflags', '+faststart',
    '-metadata', `comment=${options.note}`,
    '-metadata', `description=${options.note}`,
    '-an',
    '-y', options.output,
  ];
}
