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

/** Where a sound track goes in ffmpeg's file system: a folder of its own, read in place like the frames. */
export const SOUND_DIR = '/sound';
const SOUND_EXTENSIONS = new Map([
  ['webm', 'webm'],
  ['ogg', 'ogg'],
  ['mp4', 'mp4'],
  ['m4a', 'm4a'],
  ['x-m4a', 'm4a'],
  ['wav', 'wav'],
  ['wave', 'wav'],
  ['x-wav', 'wav'],
  ['quicktime', 'mov'],
]);

/**
 * The sound file's name, its extension from its MIME type (`audio/webm;codecs=opus`: sound.webm).
 * ffmpeg probes the content anyway; an unknown type is taken for webm, what MediaRecorder makes.
 */
export function soundFileName(mimeType: string): string {
  const subtype = /^(?:audio|video)\/([^;\s]+)/i.exec(mimeType.trim())?.[1]?.toLowerCase() ?? '';
  return `sound.${SOUND_EXTENSIONS.get(subtype) ?? 'webm'}`;
}

export interface Mp4Options {
  fps: number;
  /** Stored in the file's metadata (ffprobe -show_format shows it as the comment tag). */
  note: string;
  output: string;
  /**
   * A sound file in ffmpeg's file system: its first audio stream becomes the file's sound (none
   * when it has no audio stream); without it the file is silent.
   */
  audio?: string;
  /** Seconds into the sound where the pictures begin. */
  audioStart?: number;
  /** x264 constant rate factor: lower is better and bigger; 20 keeps a photo's grain. */
  crf?: number;
  preset?: 'ultrafast' | 'superfast' | 'veryfast' | 'faster' | 'fast' | 'medium';
}

/**
 * The pictures and the sound's first audio stream (`?`: a video without sound still makes a
 * file). AAC-LC, which every player plays in an MP4; stereo, so a chosen video's sound keeps its
 * two channels (a mono voice copied to both costs little: the encoder codes their sum and
 * difference). The sound is padded with silence and cut at the last picture: the file is exactly
 * as long as the animation whether the sound is shorter or longer.
 */
const soundArgs = [
  '-map', '0:v:0',
  '-map', '1:a:0?',
  '-c:a', 'aac',
  '-b:a', '128k',
  '-ac', '2',
  '-af', 'apad',
  '-shortest',
];

/**
 * H.264 High, yuv420p, BT.709 (tagged), moov first (+faststart) so a browser starts playing
 * before the whole file has arrived; AAC sound when given, else none. Every thread count is
 * explicit: ffmpeg's "auto" crashes ffmpeg.wasm's threaded core (`function signature mismatch`);
 * the single-thread core ignores it.
 */
export function mp4EncodeArgs(options: Mp4Options): string[] {
  const threads = '2';
  const { audio, audioStart = 0 } = options;
  return [
    '-hide_banner',
    '-threads', threads,
    '-framerate', String(options.fps),
    '-start_number', '0',
    '-i', `${FRAME_DIR}/${FRAME_PATTERN}`,
    ...(audio === undefined ? [] : ['-threads', threads, ...(audioStart > 0 ? ['-ss', audioStart.toFixed(3)] : []), '-i', audio]),
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
    ...(audio === undefined ? ['-an'] : soundArgs),
    '-y', options.output,
  ];
}

