import { LANGUAGES, isLanguage } from '../../i18n/languages.ts';
import { useWords } from './words.tsx';

/** Each language offered in its own words, so that anyone finds theirs. */
export function LanguageSwitcher() {
  const { language, setLanguage, t } = useWords();
  return (
    <label class="language">
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
