/**
 * The English catalogue: every word the app shows, and the one the others are checked against
 * (their type is this one's: a missing key, or a different parameter, fails `npm run typecheck`).
 * The CLI words the workers' codes with it too, so its messages are these sentences.
 */
import { MOTION_TEXTS } from '../core/drivers/library/texts.ts';
import type { JsonShape } from '../core/drivers/format.ts';
import { formatting } from './format.ts';

const f = formatting('en');

/** The file format's JSON values, as a driver file's messages name them. */
const shape = (got: JsonShape): string =>
  got.kind === 'missing' ? 'nothing (missing)' : got.kind === 'object' ? 'an object' : got.kind === 'array' ? `an array of ${got.length}` : got.text;
// Ungrouped, as the CLI has always printed them ("4295 megapixels").
const megapixels = (value: number) => `${value} megapixels`;
const faces = (count: number) => `${count} ${f.plural(count, { one: 'face', other: 'faces' })}`;
const seconds = (value: number) => `${f.fixed(value, 1)} s`;
const FAILED_STEP = { open: 'opening the photo', faces: 'looking for faces', animate: 'bringing the face to life' } as const;

export const en = {
  'language.name': 'English',
  'language.label': 'Language',
  /** Between a message and its reasons, and between the reasons. */
  'list.lead': ' ',
  'list.separator': '; ',
  raw: ({ text }: { text: string }) => text,
  cancelled: 'Cancelled.',
  'common.cancel': 'Cancel',
  'common.dismiss': 'Dismiss',

  'app.title': 'Kinora — bring old photos to life',
  'app.description': 'Bring the faces in old photos to life, privately, on your own device.',
  'app.tagline': 'Bring the faces in old photos to life — privately, on this device.',
  'app.privacy': 'Your photo never leaves this device: Kinora works entirely in your browser, even offline.',
  'app.start-over': 'Start over',
  'app.start-over.title': 'Close this photo and go back to the start',
  'app.photo': ({ name }: { name: string }) => `The photo ${name}`,

  'drop.label': 'Open a photo',
  'drop.title.mouse': 'Drop an old photo here',
  'drop.title.touch': 'Bring an old photo to life',
  'drop.choose': 'Choose a photo',
  'drop.another': 'Another photo',
  'drop.paste': 'or paste one with Ctrl+V / ⌘V',
  'drop.private': 'Your photo stays on this device: nothing is uploaded.',

  'samples.title': 'Or try one of these',
  'samples.thoreau': 'Henry Thoreau, 1856',
  'samples.thoreau.credit': 'Daguerreotype, public domain',
  'samples.kelley': 'Florence Kelley, c. 1925',
  'samples.kelley.credit': 'Public domain (LoC)',
  'samples.william-smith': 'William Smith',
  'samples.william-smith.credit': 'Oil portrait, public domain',
  'samples.mona-lisa': 'Mona Lisa',
  'samples.mona-lisa.credit': 'Leonardo da Vinci, public domain',
  'samples.failed': 'The sample photo could not be loaded. Choose a photo of your own instead.',

  'step.face': 'Face',
  'step.motion': 'Motion',
  'step.save': 'Save',
  'hint.face.open': 'Open a photo: Kinora finds every face in it.',
  'hint.face.none': 'No face to bring to life in this photo.',
  'hint.motion.waiting': 'Available once a face is chosen.',
  'hint.motion.suggested': ({ motion }: { motion: string }) => `Playing “${motion}”, suggested for this face.`,
  'hint.save.waiting': 'Available once the face comes alive.',
  'hint.save.rendering': 'Available when the animation is ready.',

  'status.opening': 'Opening the photo…',
  'status.getting-ready': 'Getting the face finder ready…',
  'status.downloading': ({ fraction }: { fraction: number }) => `Getting ready, first time only… ${f.percent(fraction)}`,
  'status.looking': 'Looking for faces…',
  'status.found-more': ({ count }: { count: number }) => `Found ${faces(count)}, looking for more…`,
  'status.bringing': ({ face }: { face: number }) => `Bringing face ${face} to life…`,
  'status.bringing-frames': ({ face, done, total }: { face: number; done: number; total: number }) => `Bringing face ${face} to life: ${done} of ${total} frames`,
  'status.bringing-everyone': ({ count }: { count: number }) => `Bringing ${faces(count)} to life…`,
  'status.bringing-everyone-frames': ({ count, done, total }: { count: number; done: number; total: number }) => `Bringing ${faces(count)} to life: ${done} of ${total} frames`,
  'status.following': 'Following the face in your video…',
  'status.following-frames': ({ done, total }: { done: number; total: number }) => `Following the face in your video… ${done} of ${total} frames`,

  'summary.all-small': ({ count }: { count: number }) =>
    `${faces(count)} found, ${count === 1 ? 'but it is' : 'all'} too small to bring to life — a larger scan of the photo helps.`,
  'summary.pick': ({ count, small }: { count: number; small: number }) =>
    `${faces(count)} found${small ? ` (${small} too small to bring to life — a larger scan of the photo helps)` : ''}. Pick the face to bring to life.`,
  'summary.chosen': ({ count, small, face, more }: { count: number; small: number; face: number; more: boolean }) =>
    `${faces(count)} found${small ? ` (${small} too small to bring to life — a larger scan of the photo helps)` : ''}. Face ${face} is chosen${more ? ': pick another below' : ''}.`,
  'faces.none': 'No face found — try a photo where the face is larger.',
  'faces.pick': 'Pick a face',
  'faces.found': 'Faces found',
  'face.label': ({ face }: { face: number }) => `Face ${face}`,
  'face.small': ({ face }: { face: number }) => `${face} · too small`,
  'face.small.label': ({ face }: { face: number }) => `Face ${face}, too small to animate`,
  'face.small.title': 'Too small to animate',
  'faces.everyone': 'Animate everyone',
  'faces.everyone.title': 'Bring every face to life at once, each with its own motion',
  'faces.everyone.hint': 'Each face moves in its own way. Pick a face to change its motion or strength.',
  'faces.still.hint': ({ face }: { face: number }) => `Face ${face} is kept still.`,
  'face.moving': ({ face }: { face: number }) => `Face ${face}, moving`,
  'face.still': ({ face }: { face: number }) => `Face ${face}, kept still`,
  'faces.still': ({ face }: { face: number }) => `Keep face ${face} still`,
  'summary.everyone': ({ count, moving, face }: { count: number; moving: number; face: number }) =>
    `${faces(count)} found; ${moving} come to life at once, each in its own way. Face ${face} is chosen: its motion is below.`,

  'preview.label': ({ face, motion }: { face: number; motion: string }) => `Face ${face}, brought to life: ${motion}`,
  'preview.label.everyone': ({ count }: { count: number }) => `${faces(count)} brought to life at once`,
  'preview.compare': 'Compare with the photo',
  'preview.before': 'Before',
  'preview.after': 'After',

  'motions.label': 'Motions',
  'group.gentle': 'Gentle',
  'group.expressive': 'Expressive',
  'group.turns': 'Turns and nods',
  'group.yours': 'Yours',
  'motions.seconds': ({ seconds: value }: { seconds: number }) => seconds(value),
  'motions.suggested': 'Suggested',
  'motions.suggested.more': ' for this face',
  'motions.own': 'Your own motion: record it or load a file',
  'motions.camera': 'Record with the camera',
  'motions.video': 'Record from a video…',
  'motions.file': 'Load a motion file…',
  'motions.strength': 'How much it moves',
  'motions.percent': ({ fraction }: { fraction: number }) => f.percent(fraction),
  'motions.less': 'Less',
  'motions.more': 'More',
  'motions.mirror': 'Mirror (move the other way)',
  'motions.glasses': 'Wears glasses — keep them steady',
  motions: MOTION_TEXTS,

  'editor.legend': 'Your motion',
  'editor.name': 'Name',
  'editor.start': 'Starts at',
  'editor.end': 'Ends at',
  'editor.keep': ({ kept, total }: { kept: number; total: number }) => `Keep ${seconds(kept)} of ${seconds(total)}`,
  'editor.save': 'Save this motion',
  'editor.default-name': 'My motion',

  'camera.label': 'Record your own motion',
  'camera.file': 'My camera motion',
  'camera.starting': 'Starting the camera…',
  'camera.countdown': ({ left }: { left: number }) => `Recording in ${left}…`,
  'camera.recording': ({ seconds: value }: { seconds: number }) => `Recording ${f.number(value)} s — move your head, smile, blink`,
  'camera.no-face': 'No face in view: face the camera, in good light.',
  'camera.stop': 'Stop and use it',
  'camera.refused': 'Kinora could not use the camera: allow it in the browser, or record from a video file instead.',

  'record.done': ({ name }: { name: string }) => `Recorded "${name}".`,
  'record.gaps': ({ name, gaps }: { name: string; gaps: number }) =>
    `Recorded "${name}": ${gaps} ${f.plural(gaps, { one: 'frame had no face and was', other: 'frames had no face and were' })} bridged or trimmed.`,
  'record.unusable': 'This video could not be used.',
  'record.unreadable': 'This video could not be read: try an MP4 or WebM file.',
  'record.no-face': 'No face could be followed in this video: try one where the face is in view and well lit.',
  'motion-file.loaded': ({ name }: { name: string }) => `Loaded the motion "${name}".`,
  'motion-file.unreadable': ({ reason }: { reason: string }) => `it could not be read (${reason})`,
  'motion-file.refused': ({ file }: { file: string }) => `${file} is not a motion file Kinora can play:`,

  'export.label': 'Save the animation',
  'export.format': 'Format',
  'export.size': 'Size',
  'export.gif.hint': 'plays everywhere, loops',
  'export.mp4.hint': 'video, smaller and sharper',
  'export.size.px': ({ px }: { px: number }) => `${px} px`,
  'export.size.largest': ({ px }: { px: number }) => `Largest (${px} px)`,
  'export.size.original': ({ px }: { px: number }) => `Original (${px} px)`,
  'export.download': ({ format }: { format: string }) => `Download ${format}`,
  'export.mark': 'Show the “animated” mark',
  'export.size.enhanced': ({ px }: { px: number }) => `${px} px (enhanced)`,
  'enhance.toggle': 'Enhance the face',
  'enhance.hint': 'A model on this device draws the detail of a face larger than the photo holds. Colour is kept as it is.',
  'enhance.loading': 'Loading the enhancement model (first time only)…',
  'enhance.enhancing': 'Enhancing the face…',
  'enhance.compare': 'Compare the face without and with Enhance',
  'enhance.before': 'Without',
  'enhance.after': 'Enhanced',
  'enhance.failed': 'The photo could not be enhanced',
  'export.made': ({ name, bytes }: { name: string; bytes: number }) => `${name} (${f.bytes(bytes)})`,
  'export.share': 'Share…',
  'export.share.text': 'Animated from a still photo with Kinora.',
  'export.share.failed': ({ reason }: { reason: string }) => `Sharing did not work here: ${reason}. The file is downloaded instead.`,
  'export.loading': 'Loading the video maker (first time only)…',
  'export.preparing': 'Preparing the frames…',
  'export.rendering': 'Making the frames at this size…',
  'export.encoding': ({ format }: { format: string }) => `Saving the ${format}…`,
  'export.failed': ({ format }: { format: string }) => `The ${format} could not be made:`,
  'export.offline': ({ megabytes }: { megabytes: number }) =>
    `Making an MP4 needs a one-time download of the video maker (${megabytes} MB) while online. You can save a GIF now.`,
  'export.not-begun': 'No file was begun.',
  'export.changed': 'The animation changed while the file was being made.',
  'export.no-frames': 'There are no frames to export.',
  'export.finished': 'This file is finished: begin another.',
  'export.encoder-failed': ({ code, log }: { code: number; log: string }) => `The video encoder failed (exit code ${code}): ${log}`,
  'export.encoder-start': ({ reason }: { reason: string }) => `Could not start the video encoder: ${reason}`,
  'export.encoder-load': ({ path, status }: { path: string; status: number }) => `Could not load the video encoder (${path}: HTTP ${status}).`,
  'time.almost': 'almost done',
  'time.seconds-left': ({ count }: { count: number }) => `about ${count} s left`,
  'time.minutes-left': ({ count }: { count: number }) => `about ${count} min left`,

  'motion.unknown': ({ id }: { id: string }) => `There is no motion called "${id}".`,
  'nothing-animated': 'Animate a face first.',
  'worker.failed': ({ step }: { step: keyof typeof FAILED_STEP }) => `Something went wrong while ${FAILED_STEP[step]} — please try again.`,
  'worker.failed.reopen': ({ step }: { step: keyof typeof FAILED_STEP }) => `Something went wrong while ${FAILED_STEP[step]} — please open the photo again.`,
  'worker.failed.save': 'Something went wrong while saving the file — please try again.',

  'photo.first': 'Open a photo first.',
  'photo.animated': 'This is an animated image: Kinora uses its first frame.',
  'photo.too-slow':
    'This photo took too long to open (more than 30 seconds): it is probably damaged, or too large for this device. ' +
    'Try the original file, or save a smaller copy (for example 4000 pixels wide) and try that.',
  'photo.unreadable': "This file can't be read (it may have been moved, or access to it was lost). Choose it again.",
  'photo.empty': 'This file is empty (0 bytes). Choose the original photo instead.',
  'photo.truncated': 'This photo file is incomplete (it was cut off while copying or downloading). Try the original file.',
  'photo.corrupt': "This photo file is damaged and can't be read. Try the original file, or open it in a photo app and save it again as JPEG.",
  'photo.heic': "This is a HEIC photo (the format iPhones use); this browser can't open HEIC. Export it as JPEG first, then choose the JPEG.",
  'photo.tiff': "This is a TIFF image, which browsers can't open. Save it as JPEG or PNG first (most photo apps can), then choose that.",
  'photo.camera-raw': "This is a camera RAW file, which browsers can't open. Export it as JPEG from your camera or photo app first.",
  'photo.psd': 'This is a Photoshop file, not a photo. Save or export it as JPEG or PNG first, then choose that.',
  'photo.jpeg2000': "This is a JPEG 2000 image, which this browser can't open. Save it as an ordinary JPEG or PNG first.",
  'photo.jpegxl': "This is a JPEG XL image, which this browser can't open. Save it as an ordinary JPEG or PNG first.",
  'photo.icon': 'This is an icon file, not a photo. Choose a photo file such as a JPEG or PNG.',
  'photo.svg': 'This is an SVG drawing, not a photo. Export it as PNG or JPEG first if you want to use it.',
  'photo.pdf': 'This is a PDF, not a photo. If the photo is inside it, save the photo as a JPEG or PNG first.',
  'photo.html': 'This is a web page, not a photo. Open the page, right-click the picture, choose "Save image as…", and use that file.',
  'photo.data-url': 'This text file holds a picture written out as text (a "data:" link). Save the picture itself as a file and use that.',
  'photo.text': "This file isn't an image: it contains text. Choose a photo file such as a JPEG or PNG.",
  'photo.video': 'This is a video, not a photo. Pause it on a good frame, take a screenshot, and use that picture.',
  'photo.audio': 'This is a sound file, not a photo. Choose a photo file such as a JPEG or PNG.',
  'photo.archive': 'This is a compressed archive (like a ZIP), not a photo. Open it, take the photo out, and choose that.',
  'photo.document': 'This is a document, not a photo. If the photo is inside it, save the photo as a JPEG or PNG first.',
  'photo.unknown': "This file isn't an image. Choose a photo file: JPEG, PNG, WebP, GIF, BMP or AVIF.",
  'photo.rare-jpeg':
    "This JPEG uses an unusual kind of compression that some browsers can't open. If it doesn't open, save it again as an ordinary JPEG.",
  'photo.misnamed': ({ extension }: { extension: string }) =>
    `This file is named like a photo (.${extension}) but doesn't contain one; it's probably damaged. Try the original file.`,
  'photo.too-few-bytes': ({ width, height, bytes }: { width: number; height: number; bytes: number }) =>
    `This photo file is damaged or incomplete: its header says ${f.number(width)} × ${f.number(height)} pixels, but the file holds only ` +
    `${bytes < 1024 ? `${bytes} bytes` : f.bytes(bytes)}, far too little for a picture that size. Try the original file.`,
  'photo.file-too-large': ({ bytes, limit }: { bytes: number; limit: number }) =>
    `This file is too large (${f.bytes(bytes)}); the limit is ${f.bytes(limit)}. Save a smaller copy of the photo (for example 4000 pixels wide) and try that.`,
  'photo.too-large': (p: { width: number; height: number; megapixels: number; moreThan: boolean; maxMegapixels: number; maxSide: number }) =>
    `This photo is too large to work with here: ${f.number(p.width)} × ${f.number(p.height)} pixels ` +
    `(${p.moreThan ? 'more than ' : ''}${megapixels(p.megapixels)}). The most this app can take is ${megapixels(p.maxMegapixels)} ` +
    `and ${f.number(p.maxSide)} pixels on the longest side. Save a smaller copy (for example 4000 pixels wide) and try that.`,
  'mask.size': ({ px }: { px: number }) => `No person mask at ${px} px: the long side must be at least 1 px.`,
  'mask.failed': ({ reason }: { reason: string }) => `The person mask could not be made (the segmentation model failed: ${reason}).`,

  'driver.not-text': 'not text',
  'driver.too-big': ({ megabytes, limit }: { megabytes: number; limit: number }) => `file is ${megabytes.toFixed(1)} MB, more than the ${limit} MB limit`,
  'driver.not-json': ({ reason }: { reason: string }) => `not JSON: ${reason}`,
  'driver.not-object': 'not a Kinora driver: expected a JSON object',
  'driver.format': ({ expected, got }: { expected: string; got: JsonShape }) => `format: expected "${expected}", got ${shape(got)}`,
  'driver.version-type': ({ got }: { got: JsonShape }) => `version: expected an integer, got ${shape(got)}`,
  'driver.version': ({ version, supported }: { version: number; supported: number }) => `version ${version} is not supported: this Kinora reads version ${supported}`,
  'driver.string-type': ({ key, got }: { key: string; got: JsonShape }) => `${key}: expected a string, got ${shape(got)}`,
  'driver.empty': ({ key }: { key: string }) => `${key} is empty`,
  'driver.tags-type': ({ got }: { got: JsonShape }) => `tags: expected an array of strings, got ${shape(got)}`,
  'driver.tag-type': ({ index, got }: { index: number; got: JsonShape }) => `tags[${index}]: expected a string, got ${shape(got)}`,
  'driver.fps-type': ({ got }: { got: JsonShape }) => `fps: expected a number, got ${shape(got)}`,
  'driver.fps-finite': 'fps is not a finite number',
  'driver.fps-range': ({ fps, min, max }: { fps: number; min: number; max: number }) => `fps ${fps} is outside ${min}..${max}`,
  'driver.loops-type': ({ got }: { got: JsonShape }) => `loops: expected true or false, got ${shape(got)}`,
  'driver.rest-type': 'rest: expected { "pose": { yaw, pitch, roll, x, y, scale } }',
  'driver.rest-finite': ({ channel }: { channel: string }) => `rest.pose.${channel} is not a finite number`,
  'driver.frames-type': ({ got }: { got: JsonShape }) => `frameCount: expected an integer, got ${shape(got)}`,
  'driver.frames-few': ({ count }: { count: number }) => `frameCount ${count} is less than 1`,
  'driver.frames-many': ({ count, max, seconds: most }: { count: number; max: number; seconds: number }) =>
    `frameCount ${count} is more than ${max} (motions are at most ${most} s)`,
  'driver.too-long': ({ seconds: length, max }: { seconds: number; max: number }) => `the motion is ${length} s long: motions are at most ${max} s`,
  'driver.pose-type': ({ channels, got }: { channels: string; got: JsonShape }) => `pose: expected an object of ${channels} arrays, got ${shape(got)}`,
  'driver.pose-array': ({ channel, count, got }: { channel: string; count: number; got: JsonShape }) =>
    `pose.${channel}: expected an array of ${count} numbers, got ${shape(got)}`,
  'driver.pose-length': ({ channel, expected, got }: { channel: string; expected: number; got: number }) => `pose.${channel}: expected ${expected} values, got ${got}`,
  'driver.pose-finite': ({ channel, index }: { channel: string; index: number }) => `pose.${channel}[${index}] is not a finite number`,
  'driver.pose-range': ({ channel, index, value, low, high }: { channel: string; index: number; value: number; low: number; high: number }) =>
    `pose.${channel}[${index}] = ${value} is beyond what a head can do (${low}..${high})`,
  'driver.expression-type': ({ got }: { got: JsonShape }) => `expression: expected { "encoding", "scale", "data" }, got ${shape(got)}`,
  'driver.encoding': ({ got }: { got: JsonShape }) => `expression.encoding: expected "int16-base64" or "float32-base64", got ${shape(got)}`,
  'driver.scale-type': ({ got }: { got: JsonShape }) => `expression.scale: expected a finite number, got ${shape(got)}`,
  'driver.scale-positive': ({ scale }: { scale: number }) => `expression.scale ${scale} is not positive`,
  'driver.data-type': ({ got }: { got: JsonShape }) => `expression.data: expected a base64 string, got ${shape(got)}`,
  'driver.base64': 'expression.data is not valid base64',
  'driver.data-bytes': ({ bytes, type }: { bytes: number; type: string }) => `expression: data is ${bytes} bytes, not a whole number of ${type} values`,
  'driver.irises': ({ expected, got }: { expected: number; got: number }) =>
    `expression: frame 0: expected ${expected} points, got ${got} (every frame holds ${got} points: the irises ${got}-${expected - 1} are missing)`,
  'driver.values': ({ expected, type, frames, points, got }: { expected: number; type: string; frames: number; points: number; got: number }) =>
    `expression: expected ${expected} ${type} values (${frames} frames x ${points} points x 3), got ${got}`,
  'driver.point-finite': ({ frame, point, axis }: { frame: number; point: number; axis: string }) =>
    `expression: frame ${frame}, point ${point}: ${axis} is not a finite number`,
  'driver.point-far': ({ frame, point, distance, max }: { frame: number; point: number; distance: number; max: number }) =>
    `expression: frame ${frame}, point ${point} moves ${distance.toPrecision(3)} eye-spans: more than a face can (${max})`,
};
