import type { DetectProgress } from '../../pipeline/detect/contract.ts';

function describe(progress: DetectProgress): { label: string; fraction?: number } {
  switch (progress.stage) {
    case 'decoding':
      return { label: 'Opening the photo…' };
    case 'loading-models': {
      const mb = (n: number) => (n / 1e6).toFixed(1);
      const known = progress.totalBytes > 0;
      if (progress.fromCache) return { label: 'Getting the face models ready…', fraction: known ? progress.loadedBytes / progress.totalBytes : undefined };
      return {
        label: known
          ? `Downloading the face models (first time only): ${mb(progress.loadedBytes)} of ${mb(progress.totalBytes)} MB`
          : 'Downloading the face models (first time only)…',
        fraction: known ? progress.loadedBytes / progress.totalBytes : undefined,
      };
    }
    case 'starting-models':
      return { label: 'Starting the face finder…' };
    case 'finding-faces':
      return { label: 'Finding faces…', fraction: progress.total ? progress.done / progress.total : undefined };
  }
}

export function Progress({ progress }: { progress: DetectProgress }) {
  const { label, fraction } = describe(progress);
  return (
    <div class="progress" role="status" aria-live="polite" data-testid="progress">
      <span>{label}</span>
      <progress max={1} value={fraction} aria-label={label} />
    </div>
  );
}
