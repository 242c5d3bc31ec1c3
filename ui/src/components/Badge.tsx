import type { Health } from './health';

const label: Record<Health, string> = {
  Clean: 'Clean', Progressing: 'Progressing', Failed: 'Failed', Outdated: 'Outdated', Unknown: 'Unknown', None: '—',
};

export function HealthBadge({ health, title }: { health: Health; title?: string }) {
  return (
    <span className={`badge badge-${health.toLowerCase()}`} title={title} data-health={health}>
      {label[health]}
      {health === 'Progressing' && (
        <span className="progress" role="progressbar" aria-label="rollout in progress">
          <span className="progress-bar" />
        </span>
      )}
    </span>
  );
}
