interface Props {
  kind: 'error' | 'info';
  text: string;
  onDismiss?: () => void;
}

export function Notice({ kind, text, onDismiss }: Props) {
  return (
    <div class={`notice notice--${kind}`} role={kind === 'error' ? 'alert' : 'status'} data-testid={`notice-${kind}`}>
      <span>{text}</span>
      {onDismiss && (
        <button type="button" class="notice__close" aria-label="Dismiss" onClick={onDismiss}>
          ×
        </button>
      )}
    </div>
  );
}
