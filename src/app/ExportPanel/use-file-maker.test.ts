import { describe, expect, it } from 'vitest';
import { en } from '../../i18n/en.ts';
import { render } from '../../i18n/messages.ts';
import { sizeChoices } from './use-file-maker.ts';

describe('sizeChoices', () => {
  it('never offers more than the photo, unless enhanced (then 720 and 1080, up to 4x the photo)', () => {
    expect(sizeChoices(500).map((s) => s.longSide)).toEqual([480, 500]);
    expect(sizeChoices(500, true).map((s) => s.longSide)).toEqual([480, 500, 720, 1080]);
    expect(render(en, sizeChoices(500, true).at(-1)!.label)).toBe('1080 px (enhanced)');
    expect(sizeChoices(240, true).map((s) => s.longSide)).toEqual([240, 720]);
    expect(sizeChoices(2000, true)).toEqual(sizeChoices(2000));
  });
});
