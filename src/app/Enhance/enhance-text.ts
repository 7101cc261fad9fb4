/** Every user-visible string of "Enhance", together (for the translators). */
export const ENHANCE_TEXT = {
  toggle: 'Enhance the face',
  hint: 'A model on this device draws the detail of a face larger than the photo holds. Colour is kept as it is.',
  sizeSuffix: '(enhanced)',
  loading: 'Loading the enhancement model (first time only)…',
  enhancing: 'Enhancing the face…',
  compare: 'Compare the face without and with Enhance',
  before: 'Without',
  after: 'Enhanced',
} as const;
