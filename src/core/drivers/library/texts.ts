/**
 * The library's motions in English: their names (the gallery's, `kinora drivers`') and what each
 * does. The English catalogue takes them from here; the other languages translate every one.
 */
export const MOTION_TEXTS = {
  'gentle-smile': {
    name: 'Gentle smile',
    description: 'A slow, slightly lopsided smile that softens the eyes and tilts the head a little.',
  },
  'raise-eyebrows': {
    name: 'Raise eyebrows',
    description: 'Lifts the eyebrows, holds a beat, lowers them, then a smaller second flick.',
  },
  'wink': {
    name: 'Wink',
    description: 'A playful wink of the left eye with a crooked smile and a little head tilt.',
  },
  'blow-a-kiss': {
    name: 'Blow a kiss',
    description: 'Purses the lips into a kiss with the eyes half closed, then releases it into a smile.',
  },
  'laugh': {
    name: 'Laugh',
    description: 'A short, warm laugh: a broad smile, the mouth open and opening wider in quick pulses, the eyes narrowing, the head tipping back.',
  },
  'surprised': {
    name: 'Surprised',
    description: 'A quick lift of the brows, the eyes opening wide and the jaw dropping a little, held, then relaxing.',
  },
  'warm-remember': {
    name: 'I remember',
    description: 'A warm, slow remembering smile: the gaze drifts away and back, the eyes soften.',
  },
  'curious': {
    name: 'Curious',
    description: 'Tilts the head and lifts the brows as if asking a question.',
  },
  'nod-yes': {
    name: 'Nod yes',
    description: 'Two agreeable nods, the second smaller, eyes staying on the viewer.',
  },
  'shake-no': {
    name: 'Shake no',
    description: 'A gentle shake of the head, dying away, with a slight frown-free brow lift.',
  },
  'head-tilt': {
    name: 'Head tilt',
    description: 'A soft tilt of the head to one side, held, and back.',
  },
  'greet': {
    name: 'Greet',
    description: 'A friendly hello: a quick eyebrow flash, a smile and a nod.',
  },
  'proud': {
    name: 'Proud',
    description: 'Lifts the chin and looks down the nose with a small, closed smile.',
  },
  'look-left-smile-nod': {
    name: 'Look aside, smile, nod',
    description: 'Glances to the side, turns back with a smile and gives a small nod.',
  },
  'look-right-and-back': {
    name: 'Look to the side',
    description: 'Turns to the side as if something caught the eye, looks a while, turns back.',
  },
  'blink-look-around': {
    name: 'Blink and look around',
    description: 'Looks around the room in small glances, blinking now and then, the head following a little.',
  },
  'look-up-thoughtful': {
    name: 'Look up, thinking',
    description: 'Looks up and aside as if searching for a thought, lips pursed a little, then back.',
  },
  'shy-look-down-up': {
    name: 'Shy glance',
    description: 'Looks down shyly with a small smile, then the eyes and head come back up, smiling more.',
  },
  'sleepy': {
    name: 'Sleepy',
    description: 'Heavy eyelids and slow, long blinks; the head droops and catches itself.',
  },
  'sitters-idle': {
    name: "Sitter's idle",
    description: 'Barely moves: slow breathing and a single blink. For paintings and formal portraits.',
  },
  'breathing-idle': {
    name: 'Alive',
    description: 'A living stillness: breathing, blinking every few seconds, small glances and a faint smile.',
  },
  'listening': {
    name: 'Listening',
    description: 'Attentive listening: small nods of agreement, a brief brow lift, a faint smile.',
  },
};

/** A library motion's id: each has its words in every catalogue. */
export type LibraryMotionId = keyof typeof MOTION_TEXTS;
