import type { ComponentChildren } from 'preact';

interface Props {
  number: number;
  title: string;
  /** One line on what this step is for, or why it is not available yet. */
  hint?: string;
  /** Not available yet: shown dimmed, its hint says why. */
  waiting?: boolean;
  testId: string;
  /** Takes the height left in the column (its content scrolls inside). */
  fill?: boolean;
  children?: ComponentChildren;
}

/** One titled step beside the photo: Face, Motion, Save. */
export function Step({ number, title, hint, waiting, testId, fill, children }: Props) {
  const id = `step-${testId}`;
  return (
    <section class={`step${waiting ? ' step--waiting' : ''}${fill && !waiting ? ' step--fill' : ''}`} aria-labelledby={id} data-testid={`step-${testId}`}>
      <h2 id={id} class="step__title">
        <span class="step__number" aria-hidden="true">
          {number}
        </span>
        {title}
      </h2>
      {hint && <p class="step__hint">{hint}</p>}
      {!waiting && children}
    </section>
  );
}
