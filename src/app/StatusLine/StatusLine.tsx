import { useWords } from '../Language/words.tsx';
import type { Status } from '../state.ts';

/**
 * The one line that says what Kinora is doing: a bar that fills where the work is countable,
 * a moving stripe where it is not.
 */
export function StatusLine({ status, testId }: { status: Status; testId: string }) {
  const label = useWords().say(status.label);
  const { fraction } = status;
  return (
    <div class="status-line" role="status" aria-live="polite" data-testid={testId}>
      <span class="status-line__label">{label}</span>
      {fraction === undefined ? (
        <span class="status-line__bar status-line__bar--busy" aria-hidden="true" />
      ) : (
        <progress class="status-line__bar" max={1} value={fraction} aria-label={label} />
      )}
    </div>
  );
}
