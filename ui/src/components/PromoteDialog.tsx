import { useState } from 'react';
import { api } from '../api/client';
import type { EnvironmentView, ResourceCell } from '../api/types';
import { Dialog } from './Dialog';
import { ProblemView } from './ProblemView';
import { useAction } from './useAction';

/** POST api/promotions { resource, version, env, reason?, force? }; a locked target needs an explicit confirmation. */
export function PromoteDialog({
  resource, version, environments, cells, onClose, onDone,
}: {
  resource: string;
  version: string;
  environments: EnvironmentView[];
  cells: Record<string, ResourceCell>;
  onClose: () => void;
  onDone?: () => void;
}) {
  const candidates = environments.filter(e => cells[e.name]?.version !== version);
  const [env, setEnv] = useState(candidates[candidates.length - 1]?.name ?? environments[0]?.name ?? '');
  const [reason, setReason] = useState('');
  const [force, setForce] = useState(false);
  const { busy, problem, run } = useAction();
  const envLocked = environments.find(e => e.name === env)?.lock?.locked ?? false;
  const resourceLocked = cells[env]?.lock?.locked ?? false;
  const locked = envLocked || resourceLocked || problem?.title === 'TargetLocked';
  const submit = async () => {
    const ok = await run(`Promote ${resource} ${version} to ${env}`, () =>
      api.promote({ resource, version, env, ...(reason.trim() ? { reason: reason.trim() } : {}), ...(locked && force ? { force: true } : {}) }));
    if (ok) {
      onDone?.();
      onClose();
    }
  };
  return (
    <Dialog title={`Promote ${resource} ${version}`} onClose={onClose}>
      <form
        onSubmit={e => {
          e.preventDefault();
          void submit();
        }}
      >
        <label>
          Environment
          <select name="env" value={env} onChange={e => { setEnv(e.target.value); setForce(false); }}>
            {environments.map(e => (
              <option key={e.name} value={e.name}>
                {e.name}
                {cells[e.name]?.version ? ` (now ${cells[e.name]?.version})` : ''}
                {e.lock?.locked || cells[e.name]?.lock?.locked ? ' (locked)' : ''}
              </option>
            ))}
          </select>
        </label>
        <label>
          Reason
          <input name="reason" value={reason} maxLength={500} onChange={e => setReason(e.target.value)} placeholder="why, for the commit message" />
        </label>
        {locked && (
          <label className="warning">
            <input type="checkbox" name="force" checked={force} onChange={e => setForce(e.target.checked)} />
            {env} {resourceLocked && !envLocked ? `locks ${resource}` : 'is locked'}: promote anyway (forced)
          </label>
        )}
        <ProblemView problem={problem} />
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy || !env || (locked && !force)}>
            {busy ? 'Promoting…' : locked ? 'Force promote' : 'Promote'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
