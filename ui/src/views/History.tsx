import { useEffect, useState } from 'react';
import { api, problemOf } from '../api/client';
import type { HistoryPage, Problem } from '../api/types';
import { historyEventKinds } from '../api/types';
import { CommitId } from '../components/Copy';
import { ProblemView } from '../components/ProblemView';
import { fmtTime } from '../components/health';

export const HISTORY_PAGE_SIZE = 50;

/** GET api/history, newest first, paginated with `before` (the previous page's `next`), filterable. */
export function History({ environments, historyTick }: { environments: string[]; historyTick: number }) {
  const [env, setEnv] = useState('');
  const [resource, setResource] = useState('');
  const [kind, setKind] = useState('');
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const [page, setPage] = useState<HistoryPage | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [loading, setLoading] = useState(false);
  const before = cursors[cursors.length - 1];
  const onFirst = cursors.length === 1;
  const tick = onFirst ? historyTick : 0;

  useEffect(() => {
    let live = true;
    setLoading(true);
    api
      .history({ env: env || undefined, resource: resource.trim() || undefined, kind: kind || undefined, limit: HISTORY_PAGE_SIZE, before })
      .then(
        p => live && (setPage(p), setProblem(undefined)),
        e => live && setProblem(problemOf(e)),
      )
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [env, resource, kind, before, tick]);

  const reset = () => setCursors([undefined]);
  return (
    <section className="history" data-testid="history">
      <h1>History</h1>
      <div className="toolbar">
        <select aria-label="environment" value={env} onChange={e => (setEnv(e.target.value), reset())}>
          <option value="">all environments</option>
          {environments.map(e => (
            <option key={e}>{e}</option>
          ))}
        </select>
        <input aria-label="resource" placeholder="resource" value={resource} onChange={e => (setResource(e.target.value), reset())} />
        <select aria-label="kind" value={kind} onChange={e => (setKind(e.target.value), reset())}>
          <option value="">all kinds</option>
          {historyEventKinds.map(k => (
            <option key={k}>{k}</option>
          ))}
        </select>
      </div>
      <ProblemView problem={problem} />
      <ol className="events" aria-busy={loading}>
        {!page && !problem && <li className="placeholder">Loading…</li>}
        {page?.events.length === 0 && <li className="placeholder">No event.</li>}
        {page?.events.map(e => (
          <li key={e.id} data-kind={e.kind}>
            <div className="ev-head">
              <span className={`kind kind-${e.kind}`}>{e.kind}</span>
              <span className="subject">{e.subject}</span>
            </div>
            <div className="ev-meta muted">
              {fmtTime(e.time)} · {e.by ?? e.author}
              {e.environment ? ` · ${e.source ? `${e.source} → ` : ''}${e.environment}` : ''} · <CommitId id={e.commit} />
            </div>
            {e.moves.length > 0 && (
              <ul className="moves">
                {e.moves.map(m => (
                  <li key={m.resource}>
                    <a href={`#/resource/${encodeURIComponent(m.resource)}`}>{m.resource}</a> {m.from ?? '∅'} → {m.to}
                  </li>
                ))}
              </ul>
            )}
            {e.changelog && (
              <details>
                <summary>changelog</summary>
                <pre>{e.changelog}</pre>
              </details>
            )}
          </li>
        ))}
      </ol>
      <div className="pager">
        <button type="button" disabled={onFirst || loading} onClick={() => setCursors(c => c.slice(0, -1))}>
          ← Newer
        </button>
        <span className="muted">page {cursors.length}</span>
        <button type="button" disabled={!page?.next || loading} onClick={() => page?.next && setCursors(c => [...c, page.next])}>
          Older →
        </button>
      </div>
    </section>
  );
}
