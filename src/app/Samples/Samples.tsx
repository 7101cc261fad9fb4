/** Public-domain photos to try Kinora with in one click (public/samples/CREDITS.md). */
export const SAMPLES = [
  { file: 'thoreau.jpg', title: 'Henry Thoreau, 1856', credit: 'Daguerreotype, public domain' },
  { file: 'kelley.jpg', title: 'Florence Kelley, c. 1925', credit: 'Public domain (LoC)' },
  { file: 'william-smith.jpg', title: 'William Smith', credit: 'Oil portrait, public domain' },
  { file: 'mona-lisa.jpg', title: 'Mona Lisa', credit: 'Leonardo da Vinci, public domain' },
] as const;

const base = import.meta.env.BASE_URL;

interface Props {
  onFile(file: File): void;
  onError(message: string): void;
}

/** "Or try one of these": a click fetches the sample from this site and opens it like a dropped file. */
export function Samples({ onFile, onError }: Props) {
  const open = async (sample: (typeof SAMPLES)[number]) => {
    try {
      const response = await fetch(`${base}samples/${sample.file}`);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      onFile(new File([await response.blob()], sample.file, { type: 'image/jpeg' }));
    } catch {
      onError('The sample photo could not be loaded. Choose a photo of your own instead.');
    }
  };
  return (
    <section class="samples" aria-labelledby="samples-title" data-testid="samples">
      <h2 id="samples-title" class="samples__title">
        Or try one of these
      </h2>
      <ul class="samples__list">
        {SAMPLES.map((sample) => (
          <li key={sample.file}>
            <button type="button" class="samples__item" onClick={() => void open(sample)} data-testid="sample">
              <img src={`${base}samples/${sample.file.replace('.jpg', '-thumb.jpg')}`} alt="" width={100} height={100} />
              <span class="samples__name">{sample.title}</span>
              <span class="samples__credit">{sample.credit}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
