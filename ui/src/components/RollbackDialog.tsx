import { useState } from 'react';
import { api } from '../api/client';
import { Dialog } from './Dialog';
import { ProblemView } from './ProblemView';
import { useAction } from './useAction';

/** POST api/rollbacks { resource, env, version?, reason } — also locks the resource in env, in the same commit. */
export function RollbackDialog({
  resource, env, current, versions, onClose, onDone,
}: { resource: string; env: string; current?: string; versions: string[]; onClose: () => void; onDone?: () => void }) {
  const [version, setVersion] = useState('');
  const [reason, setReason] = useState('');
  const { busy, problem, run } = useAction();
  const submit = async () => {
    const ok = await run(`Roll back ${resource} in ${env}`, () =>
      api.rollback({ resource, env, reason: reason.trim(), ...(version ? { version } : {}) }));
    if (ok) {
      onDone?.();
      onClose();
    }
  };
  return (
    <Dialog title={`Roll back ${resource} in ${env}`} onClose={onClose}>
      <form
        onSubmit={e => {
          e.preventDefault();
          void submit();
        }}
      >
        <p className="hint">
          Now {current ?? 'none'}. Rolling back also locks {resource} in {env}, so automation does not promote the bad version again.
        </p>
        <label>
          To version
          <select name="version" value={version} onChange={e => setVersion(e.target.value)}>
            <option value="">the previous one</option>
            {versions.filter(v => v !== current).map(v => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <label>
          Reason
          <input name="reason" value={reason} required maxLength={500} onChange={e => setReason(e.target.value)} placeholder="what went wrong" />
        </label>
        <ProblemView problem={problem} />
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary danger" disabled={busy || !reason.trim()}>
            {busy ? 'Rolling back…' : 'Roll back and lock'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
