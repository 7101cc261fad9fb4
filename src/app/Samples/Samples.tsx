import { useWords } from '../Language/words.tsx';

/** Public-domain photos to try Kinora with in one click (public/samples/CREDITS.md); their words are the catalogues' `samples.<name>`. */
export const SAMPLES = [
  { file: 'thoreau.jpg', title: 'samples.thoreau', credit: 'samples.thoreau.credit' },
  { file: 'kelley.jpg', title: 'samples.kelley', credit: 'samples.kelley.credit' },
  { file: 'william-smith.jpg', title: 'samples.william-smith', credit: 'samples.william-smith.credit' },
  { file: 'mona-lisa.jpg', title: 'samples.mona-lisa', credit: 'samples.mona-lisa.credit' },
] as const;

const base = import.meta.env.BASE_URL;

interface Props {
  onFile(file: File): void;
  onError(): void;
}

/** "Or try one of these": a click fetches the sample from this site and opens it like a dropped file. */
export function Samples({ onFile, onError }: Props) {
  const { t } = useWords();
  const open = async (sample: (typeof SAMPLES)[number]) => {
    try {
      const response = await fetch(`${base}samples/${sample.file}`);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      onFile(new File([await response.blob()], sample.file, { type: 'image/jpeg' }));
    } catch {
      onError();
    }
  };
  return (
    <section class="samples" aria-labelledby="samples-title" data-testid="samples">
      <h2 id="samples-title" class="samples__title">
        {t('samples.title')}
      </h2>
      <ul class="samples__list">
        {SAMPLES.map((sample) => (
          <li key={sample.file}>
            <button type="button" class="samples__item" onClick={() => void open(sample)} data-testid="sample">
              <img src={`${base}samples/${sample.file.replace('.jpg', '-thumb.jpg')}`} alt="" width={100} height={100} />
              <span class="samples__name">{t(sample.title)}</span>
              <span class="samples__credit">{t(sample.credit)}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
