interface Props {
  /** Names the pair for screen readers. */
  label: string;
  before: string;
  after: string;
  showBefore: boolean;
  onShowBefore(before: boolean): void;
  testId?: string;
}

/** Two pressed-state buttons over a picture: the picture before, or after. */
export function BeforeAfter({ label, before, after, showBefore, onShowBefore, testId }: Props) {
  return (
    <div class="preview__compare" role="group" aria-label={label} data-testid={testId}>
      <button type="button" aria-pressed={showBefore} onClick={() => onShowBefore(true)}>
        {before}
      </button>
      <button type="button" aria-pressed={!showBefore} onClick={() => onShowBefore(false)}>
        {after}
      </button>
    </div>
  );
}
