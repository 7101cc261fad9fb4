import { describe, expect, it } from 'vitest';
import { libraryDrivers } from '../core/drivers/library/index.ts';
import { en } from './en.ts';
import { formatting } from './format.ts';
import { hi } from './hi.ts';
import { FALLBACK_LANGUAGE, LANGUAGES, pickLanguage } from './languages.ts';
import { because, render, say, type Messages } from './messages.ts';
import { zhHans } from './zh-Hans.ts';

const catalogues = Object.entries(LANGUAGES) as [string, Messages][];

describe('the catalogues', () => {
  it('every language has every key of the English one, of the same kind, and no other', () => {
    for (const [, messages] of catalogues) {
      expect(Object.keys(messages).sort()).toEqual(Object.keys(en).sort());
      for (const key of Object.keys(en) as (keyof Messages)[]) expect([key, typeof messages[key]]).toEqual([key, typeof en[key]]);
    }
  });

  it('every library motion has a name and a description in every language', () => {
    const ids = libraryDrivers().map((entry) => entry.driver.id).sort();
    for (const [, messages] of catalogues) {
      expect(Object.keys(messages.motions).sort()).toEqual(ids);
      for (const words of Object.values(messages.motions)) expect([words.name.length > 0, words.description.length > 0]).toEqual([true, true]);
    }
    // The English words are the library's own (what `kinora drivers` prints).
    for (const entry of libraryDrivers()) expect(en.motions[entry.driver.id as keyof Messages['motions']]).toEqual({ name: entry.driver.name, description: entry.description });
  });

  it('no sentence of another language is left in English', () => {
    const untranslated = (messages: Messages) =>
      (Object.keys(en) as (keyof Messages)[]).filter((key) => typeof en[key] === 'string' && !key.startsWith('list.') && messages[key] === en[key]);
    expect(untranslated(hi)).toEqual([]);
    expect(untranslated(zhHans)).toEqual([]);
    const sameName = (messages: Messages) => Object.entries(messages.motions).filter(([id, words]) => words.name === en.motions[id as keyof Messages['motions']].name);
    expect(sameName(hi)).toEqual([]);
    expect(sameName(zhHans)).toEqual([]);
  });

  it('each language names itself in its own words', () => {
    expect(catalogues.map(([, messages]) => messages['language.name'])).toEqual(['English', 'हिन्दी', '中文（简体）']);
  });
});

describe('plurals', () => {
  it('English: one face, two faces; one frame was, two frames were', () => {
    expect(render(en, say('summary.all-small', { count: 1 }))).toMatch(/^1 face found, but it is too small/);
    expect(render(en, say('summary.all-small', { count: 2 }))).toMatch(/^2 faces found, all too small/);
    expect(render(en, say('record.gaps', { name: 'Me', gaps: 1 }))).toBe('Recorded "Me": 1 frame had no face and was bridged or trimmed.');
    expect(render(en, say('record.gaps', { name: 'Me', gaps: 3 }))).toBe('Recorded "Me": 3 frames had no face and were bridged or trimmed.');
  });

  it('Hindi: चेहरा मिला for one, चेहरे मिले for more (the verb agrees too); फ़्रेम / फ़्रेमों', () => {
    expect(render(hi, say('status.found-more', { count: 1 }))).toBe('1 चेहरा मिला, और ढूँढे जा रहे हैं…');
    expect(render(hi, say('status.found-more', { count: 2 }))).toBe('2 चेहरे मिले, और ढूँढे जा रहे हैं…');
    expect(render(hi, say('summary.all-small', { count: 1 }))).toMatch(/^1 चेहरा मिला, पर वह इतना छोटा है/);
    expect(render(hi, say('summary.pick', { count: 3, small: 1 }))).toMatch(/^3 चेहरे मिले \(1 बहुत छोटा है/);
    expect(render(hi, say('summary.pick', { count: 3, small: 2 }))).toMatch(/^3 चेहरे मिले \(2 बहुत छोटे हैं/);
    expect(render(hi, say('record.gaps', { name: 'मैं', gaps: 1 }))).toContain('1 फ़्रेम में चेहरा नहीं था, उसे');
    expect(render(hi, say('record.gaps', { name: 'मैं', gaps: 4 }))).toContain('4 फ़्रेमों में चेहरा नहीं था, उन्हें');
  });

  it('Chinese has one form: the measure word carries the count', () => {
    expect(render(zhHans, say('status.found-more', { count: 1 }))).toBe('已找到 1 张面孔，还在继续找……');
    expect(render(zhHans, say('status.found-more', { count: 12 }))).toBe('已找到 12 张面孔，还在继续找……');
  });
});

describe('formatting', () => {
  it('groups digits as each language does', () => {
    expect(formatting('en').number(1234567)).toBe('1,234,567');
    expect(formatting('hi').number(1234567)).toBe('12,34,567');
    expect(formatting('zh-Hans').number(1234567)).toBe('1,234,567');
    expect(formatting('hi').number(2.46, 1)).toBe('2.5');
    expect(formatting('en').fixed(3, 1)).toBe('3.0');
  });

  it('sizes in binary units with the language’s digits, percentages with its sign', () => {
    const en = formatting('en');
    expect([en.bytes(2.5 * 1024 ** 3), en.bytes(200 * 1024 ** 2), en.bytes(1.5 * 1024 ** 2), en.bytes(830 * 1024), en.bytes(10)]).toEqual(['2.5 GB', '200 MB', '1.5 MB', '830 KB', '1 KB']);
    expect(formatting('hi').bytes(1500 * 1024 ** 2)).toBe('1.5 GB');
    expect([en.percent(0.42), formatting('hi').percent(1.5), formatting('zh-Hans').percent(0.05)]).toEqual(['42%', '150%', '5%']);
  });

  it('the messages use them: sizes, pixels and seconds', () => {
    expect(render(hi, say('photo.file-too-large', { bytes: 2.5 * 1024 ** 3, limit: 200 * 1024 ** 2 }))).toContain('(2.5 GB); सीमा 200 MB');
    expect(render(zhHans, say('photo.too-few-bytes', { width: 10_900, height: 10_900, bytes: 979 }))).toContain('10,900 × 10,900 像素，文件却只有 979 字节');
    expect(render(hi, say('motions.seconds', { seconds: 4.4 }))).toBe('4.4 से.');
    expect(render(zhHans, say('motions.seconds', { seconds: 4 }))).toBe('4.0 秒');
  });
});

describe('render', () => {
  it('follows a message with its reasons, joined as the language joins them', () => {
    const refused = because(say('motion-file.refused', { file: 'a.json' }), [say('driver.not-text'), say('driver.fps-finite')]);
    expect(render(en, refused)).toBe('a.json is not a motion file Kinora can play: not text; fps is not a finite number');
    expect(render(zhHans, refused)).toBe('a.json 不是 Kinora 能播放的动作文件：不是文本；fps 不是有限的数字');
  });
});

describe('pickLanguage', () => {
  it('takes the first of the browser’s languages Kinora speaks, by language alone', () => {
    expect(pickLanguage(['hi-IN', 'en-US'])).toBe('hi');
    expect(pickLanguage(['fr-FR', 'zh-CN'])).toBe('zh-Hans');
    expect(pickLanguage(['zh-TW'])).toBe('zh-Hans');
    expect(pickLanguage(['en-GB', 'hi'])).toBe('en');
  });

  it('falls back to English for unknown or malformed languages', () => {
    expect(pickLanguage(['fr', 'de-DE'])).toBe(FALLBACK_LANGUAGE);
    expect(pickLanguage(['not a tag!', ''])).toBe('en');
    expect(pickLanguage([])).toBe('en');
  });

  it('a choice made here wins, if it is one Kinora still speaks', () => {
    expect(pickLanguage(['en-US'], 'hi')).toBe('hi');
    expect(pickLanguage(['hi-IN'], 'klingon')).toBe('hi');
    expect(pickLanguage(['hi-IN'], null)).toBe('hi');
  });
});
