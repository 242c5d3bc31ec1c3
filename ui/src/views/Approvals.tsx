import { useState } from 'react';
import { api } from '../api/client';
import type { TransitionView } from '../api/types';
import { ProblemView } from '../components/ProblemView';
import { fmtTime } from '../components/health';
import { useAction } from '../components/useAction';

function Approval({ t }: { t: TransitionView }) {
  const [reason, setReason] = useState('');
  const { busy, problem, run } = useAction();
  const versions = Object.fromEntries((t.pending ?? []).map(m => [m.resource, m.to]));
  const approved = t.approval && (t.pending ?? []).every(m => t.approval!.versions[m.resource] === m.to);
  return (
    <li className="approval" data-transition={t.name}>
      <h2>
        {t.name}: {t.source} → {t.target}
      </h2>
      {t.lastRun && (
        <p className="muted">
          last run {fmtTime(t.lastRun.time)}: {t.lastRun.result}
          {t.lastRun.reason ? ` · ${t.lastRun.reason}` : ''} — {t.lastRun.message}
        </p>
      )}
      <ul className="moves">
        {(t.pending ?? []).map(m => (
          <li key={m.resource}>
            {m.resource} {m.from ?? '∅'} → {m.to}
          </li>
        ))}
      </ul>
      {approved ? (
        <p>
          Approved by {t.approval!.by} at {fmtTime(t.approval!.at)}
          {t.approval!.reason ? `: ${t.approval!.reason}` : ''}
        </p>
      ) : (
        <form
          onSubmit={e => {
            e.preventDefault();
            void run(`Approve ${t.name}`, () => api.approve({ transition: t.name, versions, ...(reason.trim() ? { reason: reason.trim() } : {}) }));
          }}
        >
          <input aria-label={`reason for approving ${t.name}`} placeholder="reason (optional)" value={reason} onChange={e => setReason(e.target.value)} />
          <button type="submit" className="primary" disabled={busy}>
            Approve
          </button>
        </form>
      )}
      <ProblemView problem={problem} />
    </li>
  );
}

/** Pending Manual transitions with the moves they would make. */
export function Approvals({ transitions }: { transitions: TransitionView[] }) {
  const waiting = transitions.filter(t => t.manual && (t.pending?.length ?? 0) > 0);
  return (
    <section className="approvals">
      <h1>Approvals</h1>
      {waiting.length === 0 && <p className="placeholder">No manual transition is waiting.</p>}
      <ol>
        {waiting.map(t => (
          <Approval key={t.name} t={t} />
        ))}
      </ol>
    </section>
  );
}
