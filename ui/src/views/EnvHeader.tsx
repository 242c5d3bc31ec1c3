import { useState } from 'react';
import type { EnvironmentView, TransitionView } from '../api/types';
import { LockDialog } from '../components/LockDialog';
import { fmtTime, lockTitle } from '../components/health';
import { LockSvg } from '../components/Icons';

/** Column header: environment state, its lock (lock/unlock), and the transitions into it. */
export function EnvHeader({ env, into }: { env: EnvironmentView; into: TransitionView[] }) {
  const [open, setOpen] = useState(false);
  const locked = env.lock?.locked ?? false;
  return (
    <div className="env-header" role="columnheader" data-env={env.name}>
      <div className="env-title">
        <span className="env-name">{env.name}</span>
        {env.deployed && (
          <span className={`badge badge-${(env.state ?? 'unknown').toLowerCase()}`} title={[env.reason, env.message].filter(Boolean).join(' — ')}>
            {env.state ?? 'Unknown'}
          </span>
        )}
        <button
          type="button"
          className={`lock-button${locked ? ' locked' : ''}`}
          title={locked ? lockTitle(env.lock) : `Lock ${env.name}`}
          aria-label={locked ? `Unlock ${env.name}` : `Lock ${env.name}`}
          onClick={() => setOpen(true)}
        >
          <LockSvg open={!locked} />
        </button>
      </div>
      {env.locksProblem && (
        <div className="env-lock env-locks-unreadable" data-testid="locks-unreadable" title={env.locksProblem}>
          locks.yaml unreadable: counts as locked
        </div>
      )}
      {locked && (
        <div className="env-lock" title={lockTitle(env.lock)}>
          {env.lock!.reasons.filter(r => !r.expired).map(r => `${r.reason}${r.by ? ` (${r.by})` : ''}`).join('; ')}
        </div>
      )}
      {into.map(t => (
        <div key={t.name} className="env-transition" title={t.lastRun ? `${t.lastRun.result}: ${t.lastRun.message}` : ''}>
          ← {t.source}
          {t.manual ? ' (manual)' : ''}: {t.lastRun ? `${t.lastRun.result}${t.lastRun.reason ? ` · ${t.lastRun.reason}` : ''}` : 'not run'}
          {t.nextScheduled ? ` · next ${fmtTime(t.nextScheduled)}` : ''}
        </div>
      ))}
      {open && <LockDialog env={env.name} lock={env.lock} unreadable={env.locksProblem} onClose={() => setOpen(false)} />}
    </div>
  );
}
