import { LANGUAGES, isLanguage } from '../../i18n/languages.ts';
import { useWords } from './words.tsx';

/** Each language offered in its own words, so that anyone finds theirs; a globe says what the list is. */
export function LanguageSwitcher() {
  const { language, setLanguage, t } = useWords();
  return (
    <label class="language">
      <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.6" aria-hidden="true">
        <circle cx="12" cy="12" r="9" />
        <path d="M3 12h18M12 3c2.5 2.6 3.8 5.6 3.8 9s-1.3 6.4-3.8 9c-2.5-2.6-3.8-5.6-3.8-9S9.5 5.6 12 3z" />
      </svg>
      <span class="visually-hidden">{t('language.label')}</span>
      <select class="language__select" value={language} data-testid="language" onChange={(e) => isLanguage(e.currentTarget.value) && setLanguage(e.currentTarget.value)}>
        {Object.entries(LANGUAGES).map(([tag, messages]) => (
          <option key={tag} value={tag} lang={tag}>
            {messages['language.name']}
          </option>
        ))}
      </select>
    </label>
  );
}
