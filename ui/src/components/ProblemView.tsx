import type { Problem } from '../api/types';

/** Shows a problem+json answer: its detail first, never a silent console error. */
export function ProblemView({ problem, onDismiss }: { problem?: Problem; onDismiss?: () => void }) {
  if (!problem) return null;
  return (
    <div className="problem" role="alert">
      <strong>{problem.title ?? 'Error'}{problem.status ? ` (${problem.status})` : ''}</strong>
      <span className="problem-detail">{problem.detail}</span>
      {onDismiss && (
        <button type="button" className="link" onClick={onDismiss} aria-label="dismiss">
          ✕
        </button>
      )}
    </div>
  );
}
