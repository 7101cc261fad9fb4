import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useMemo, useState } from 'preact/hooks';
import { LANGUAGE_STORAGE_KEY, LANGUAGES, pickLanguage, type Language } from '../../i18n/languages.ts';
import { render, type Message, type MessageKey, type Messages, type ParamArgs } from '../../i18n/messages.ts';
import type { LibraryMotionId } from '../../core/drivers/library/texts.ts';

export interface Words {
  language: Language;
  setLanguage(language: Language): void;
  /** The sentence of `key` in the page's language. */
  t<K extends MessageKey>(key: K, ...params: ParamArgs<K>): string;
  /** A message from a worker or the session, in the page's language. */
  say(message: Message): string;
  /** A library motion's name and description; undefined for the person's own motions. */
  motion(id: string): Messages['motions'][LibraryMotionId] | undefined;
}

export function wordsFor(language: Language, setLanguage: (language: Language) => void = () => undefined): Words {
  const messages: Messages = LANGUAGES[language];
  return {
    language,
    setLanguage,
    t: (key, ...params) => render(messages, (params.length ? { key, params: params[0] } : { key }) as Message),
    say: (message) => render(messages, message),
    motion: (id) => (Object.hasOwn(messages.motions, id) ? messages.motions[id as LibraryMotionId] : undefined),
  };
}

const WordsContext = createContext<Words>(wordsFor('en'));

/** The page's words: every component that shows text takes them from here. */
export const useWords = (): Words => useContext(WordsContext);

function storedChoice(): string | null {
  try {
    return localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    // Storage refused (a private mode): the browser's languages decide.
    return null;
  }
}

/**
 * Speaks the browser's language (or the one chosen here before, remembered in this browser) and
 * keeps the document's language, title and description in it.
 */
export function LanguageProvider({ children }: { children: ComponentChildren }) {
  const [language, setLanguage] = useState<Language>(() => pickLanguage(navigator.languages ?? [navigator.language], storedChoice()));
  const words = useMemo(
    () =>
      wordsFor(language, (chosen) => {
        try {
          localStorage.setItem(LANGUAGE_STORAGE_KEY, chosen);
        } catch {
          // Not remembered, but still switched.
        }
        setLanguage(chosen);
      }),
    [language],
  );
  useEffect(() => {
    document.documentElement.lang = language;
    document.title = words.t('app.title');
    document.querySelector('meta[name="description"]')?.setAttribute('content', words.t('app.description'));
  }, [words]);
  return <WordsContext.Provider value={words}>{children}</WordsContext.Provider>;
}
