import { useState } from 'react';
import { api } from '../api/client';
import type { LockView } from '../api/types';
import { Dialog } from './Dialog';
import { ProblemView } from './ProblemView';
import { useAction } from './useAction';
import { lockTitle } from './health';

/**
 * Locks (or, when `lock` holds, unlocks) an environment or one resource in it.
 * Lock: reason required, optional expiry → PUT api/locks/{env}[/{resource}] { reason, expires? }.
 * Unlock: optional reason → DELETE api/locks/{env}[/{resource}].
 * `unreadable` (the reader's message when locks.yaml cannot be read): shown, and unlocking offers `force`.
 */
export function LockDialog({
  env, resource, lock, unreadable, onClose, onDone,
}: { env: string; resource?: string; lock?: LockView; unreadable?: string; onClose: () => void; onDone?: () => void }) {
  const unlocking = !!lock?.locked;
  const [reason, setReason] = useState('');
  const [force, setForce] = useState(false);
  const [expires, setExpires] = useState('');
  const { busy, problem, run } = useAction();
  const target = resource ? `${resource} in ${env}` : env;
  const submit = async () => {
    const ok = unlocking
      ? await run(`Unlock ${target}`, () => api.unlock(env, resource, { ...(reason.trim() ? { reason: reason.trim() } : {}), ...(force ? { force } : {}) }))
      : await run(`Lock ${target}`, () =>
          api.lock(env, resource, expires ? { reason: reason.trim(), expires: new Date(expires).toISOString() } : { reason: reason.trim() }));
    if (ok) {
      onDone?.();
      onClose();
    }
  };
  return (
    <Dialog title={`${unlocking ? 'Unlock' : 'Lock'} ${target}`} onClose={onClose}>
      <form
        onSubmit={e => {
          e.preventDefault();
          void submit();
        }}
      >
        {unreadable && (
          <p className="locks-unreadable" role="note">
            {env}/locks.yaml cannot be read, so {env} counts as locked: {unreadable}.{' '}
            {unlocking ? 'Unlocking needs force.' : 'Locking rewrites it in a valid form with every reason that could be read.'}
          </p>
        )}
        {unlocking && <pre className="lock-reasons">{lockTitle(lock)}</pre>}
        <label>
          Reason{unlocking ? ' (optional)' : ''}
          <input
            name="reason"
            value={reason}
            required={!unlocking}
            maxLength={500}
            onChange={e => setReason(e.target.value)}
            placeholder={unlocking ? 'why it may move again' : 'why nothing may move'}
          />
        </label>
        {!unlocking && (
          <label>
            Expires (optional)
            <input name="expires" type="datetime-local" value={expires} onChange={e => setExpires(e.target.value)} />
          </label>
        )}
        {unlocking && unreadable && (
          <label className="checkbox">
            <input name="force" type="checkbox" checked={force} onChange={e => setForce(e.target.checked)} />
            Force: rewrite locks.yaml without this lock
          </label>
        )}
        <ProblemView problem={problem} />
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy || (!unlocking && !reason.trim())}>
            {busy ? 'Saving…' : unlocking ? 'Unlock' : 'Lock'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
