import type { Health } from './health';
import { useNow } from './clock';
import { fmtSeconds, rolloutProgress } from './rollout';

const label: Record<Health, string> = {
  Clean: 'Clean', Progressing: 'Progressing', Failed: 'Failed', Outdated: 'Outdated', Unknown: 'Unknown', None: '—',
};

/** A rollout that reports when it began and how long such rollouts took before. */
export interface RolloutTiming {
  startedAt?: string;
  expectedSeconds?: number;
}

export function HealthBadge({ health, title, rollout }: { health: Health; title?: string; rollout?: RolloutTiming }) {
  return (
    <span className={`badge badge-${health.toLowerCase()}`} title={title} data-health={health}>
      {label[health]}
      {health === 'Progressing' && <ProgressBar rollout={rollout} />}
    </span>
  );
}

/**
 * Determinate (elapsed / expected, capped at 95 % when overdue) when the rollout's start and expected duration are
 * known; indeterminate otherwise.
 */
function ProgressBar({ rollout }: { rollout?: RolloutTiming }) {
  const known = !!rollout?.startedAt && rollout.expectedSeconds !== undefined;
  const now = useNow(known);
  const p = known ? rolloutProgress(rollout.startedAt, rollout.expectedSeconds, now) : null;
  if (!p) {
    return (
      <span className="progress" role="progressbar" aria-label="rollout in progress">
        <span className="progress-bar" />
      </span>
    );
  }
  const title = p.overdue
    ? `taking longer than usual: ${fmtSeconds(p.elapsedSeconds)} so far, usually ${fmtSeconds(p.expectedSeconds)}`
    : `${fmtSeconds(p.elapsedSeconds)} of about ${fmtSeconds(p.expectedSeconds)}`;
  return (
    <span
      className={`progress determinate${p.overdue ? ' overdue' : ''}`}
      role="progressbar"
      aria-label="rollout progress"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(p.percent)}
      aria-valuetext={title}
      title={title}
      data-overdue={p.overdue || undefined}
    >
      <span className="progress-bar" style={{ width: `${p.percent.toFixed(1)}%` }} />
    </span>
  );
}
