/**
 * The languages Kinora speaks. Adding one is its catalogue file and one line here; the type of
 * that file (Messages, the English catalogue's) says what it must hold.
 */
import { en } from './en.ts';
import { hi } from './hi.ts';
import type { Messages } from './messages.ts';
import { zhHans } from './zh-Hans.ts';

/** Keyed by BCP 47 tag (what `<html lang>` gets); English first: the fallback. */
export const LANGUAGES = { en, hi, 'zh-Hans': zhHans } satisfies Record<string, Messages>;

export type Language = keyof typeof LANGUAGES;

export const FALLBACK_LANGUAGE: Language = 'en';

/** Where the person's choice of language is remembered (localStorage). */
export const LANGUAGE_STORAGE_KEY = 'kinora.language';

export const isLanguage = (tag: unknown): tag is Language => typeof tag === 'string' && Object.hasOwn(LANGUAGES, tag);

/** The language part of a tag ("zh" of "zh-TW"); undefined for a tag that is not one. */
function baseOf(tag: string): string | undefined {
  try {
    return new Intl.Locale(tag).language;
  } catch {
    return undefined;
  }
}

/**
 * The language to speak: the one the person chose here before, else the first of the browser's
 * languages (`navigator.languages`, most wanted first) that Kinora speaks, else English. Matched
 * on the language alone, so "hi-IN" gets Hindi and every Chinese, Traditional included, gets the
 * Simplified catalogue (closer to its readers than English).
 */
export function pickLanguage(preferred: readonly string[], chosen?: string | null): Language {
  if (isLanguage(chosen)) return chosen;
  const ours = Object.keys(LANGUAGES) as Language[];
  for (const tag of preferred) {
    const base = baseOf(tag);
    const match = ours.find((language) => baseOf(language) === base);
    if (match) return match;
  }
  return FALLBACK_LANGUAGE;
}
