import { useCallback, useEffect, useState } from 'react';
import { api, problemOf } from '../api/client';
import type { Problem, ResourceResponse, StateResponse } from '../api/types';
import { HealthBadge } from '../components/Badge';
import { CommitId } from '../components/Copy';
import { LockIcon } from '../components/LockIcon';
import { LockDialog } from '../components/LockDialog';
import { ProblemView } from '../components/ProblemView';
import { PromoteDialog } from '../components/PromoteDialog';
import { RollbackDialog } from '../components/RollbackDialog';
import { cellHealth, fmtTime, healthTitle, rolloutOf } from '../components/health';

type Open =
  | { kind: 'promote'; version: string }
  | { kind: 'rollback'; env: string }
  | { kind: 'lock'; env: string }
  | undefined;

/** A resource: where it runs, the version timeline with changelogs, promote / roll back / lock per environment. */
export function ResourcePage({ name, state, historyTick }: { name: string; state: StateResponse; historyTick: number }) {
  const [data, setData] = useState<ResourceResponse | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [open, setOpen] = useState<Open>();
  const row = state.resources.find(r => r.name === name);
  const load = useCallback(() => {
    api.resource(name).then(
      d => {
        setData(d);
        setProblem(undefined);
      },
      e => setProblem(problemOf(e)),
    );
  }, [name]);
  // reload when this resource's row changes live, or a new history event arrives
  useEffect(load, [load, row, historyTick]);

  const cells = row?.environments ?? data?.environments ?? {};
  const versions = data?.versions ?? [];
  return (
    <section className="resource-page" data-testid="resource-page">
      <h1>
        <a href="#/">Board</a> / {name}
      </h1>
      <ProblemView problem={problem} />
      <table className="envs">
        <thead>
          <tr>
            <th>environment</th>
            <th>version</th>
            <th>health</th>
            <th>lock</th>
            <th>actions</th>
          </tr>
        </thead>
        <tbody>
          {state.environments.map(env => {
            const cell = cells[env.name];
            const health = cellHealth(cell, env.deployed);
            const rlock = cell?.lock;
            return (
              <tr key={env.name} data-env={env.name}>
                <th scope="row">
                  {env.name} <LockIcon lock={env.lock} />
                </th>
                <td className="version">{cell?.version ?? '—'}</td>
                <td>
                  {cell && <HealthBadge health={health} title={healthTitle(cell, health)} rollout={rolloutOf(cell)} />}
                  {cell && (cell.reason || cell.message) && health !== 'Clean' && (
                    <div className="cell-message muted small">{[cell.reason, cell.message].filter(Boolean).join(': ')}</div>
                  )}
                </td>
                <td>
                  <LockIcon lock={rlock} />
                </td>
                <td>
                  <div className="row-actions">
                  <button type="button" onClick={() => setOpen({ kind: 'lock', env: env.name })}>
                    {rlock?.locked ? 'Unlock' : 'Lock'}
                  </button>
                  <button type="button" disabled={!cell?.version} onClick={() => setOpen({ kind: 'rollback', env: env.name })}>
                    Roll back
                  </button>
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <h2>Versions</h2>
      <ol className="timeline" aria-busy={!data && !problem}>
        {!data && !problem && <li className="placeholder">Loading…</li>}
        {data && versions.length === 0 && <li className="placeholder">No version in the history.</li>}
        {versions.map(v => {
          const runs = state.environments.filter(e => cells[e.name]?.version === v.version);
          return (
            <li key={v.version} data-version={v.version}>
              <div className="tl-head">
                <strong className="version">{v.version}</strong>
                <span className="muted">
                  {fmtTime(v.time)} · {v.author}
                </span>
                <CommitId id={v.commit} />
                <button type="button" className="promote" onClick={() => setOpen({ kind: 'promote', version: v.version })}>
                  Promote…
                </button>
              </div>
              <div className="tl-envs">
                {runs.length > 0 && <span className="runs">runs in {runs.map(e => e.name).join(', ')}</span>}
                {Object.entries(v.environments).map(([env, entry]) => (
                  <span key={env} className="entered" title={`${entry.kind} ${entry.commit}`}>
                    {env} since {fmtTime(entry.time)}
                  </span>
                ))}
              </div>
              {v.changelog && (
                <details>
                  <summary>changelog</summary>
                  <pre>{v.changelog}</pre>
                </details>
              )}
            </li>
          );
        })}
      </ol>

      {open?.kind === 'promote' && (
        <PromoteDialog
          resource={name}
          version={open.version}
          environments={state.environments}
          cells={cells}
          onClose={() => setOpen(undefined)}
          onDone={load}
        />
      )}
      {open?.kind === 'rollback' && (
        <RollbackDialog
          resource={name}
          env={open.env}
          current={cells[open.env]?.version}
          versions={versions.map(v => v.version)}
          onClose={() => setOpen(undefined)}
          onDone={load}
        />
      )}
      {open?.kind === 'lock' && (
        <LockDialog env={open.env} resource={name} lock={cells[open.env]?.lock} onClose={() => setOpen(undefined)} onDone={load} />
      )}
    </section>
  );
}
