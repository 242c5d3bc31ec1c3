import { memo, startTransition, useDeferredValue, useEffect, useMemo, useState, type CSSProperties } from 'react';

/** Rows rendered in the first pass; the rest follow in a transition right after the first paint. */
export const FIRST_PASS_ROWS = 60;
import type { ResourceView, StateResponse } from '../api/types';
import { differs, pendingIndex, type PendingInfo } from '../components/health';
import { BoardCell } from './BoardCell';
import { EnvHeader } from './EnvHeader';

interface Col {
  name: string;
  deployed: boolean;
}

const Row = memo(function Row({ row, cols, pending }: { row: ResourceView; cols: Col[]; pending?: Map<string, PendingInfo> }) {
  return (
    <div className="board-row" role="row" data-resource={row.name}>
      <div className="row-head" role="rowheader">
        <a href={`#/resource/${encodeURIComponent(row.name)}`}>{row.name}</a>
      </div>
      {cols.map(c => (
        <BoardCell key={c.name} cell={row.environments[c.name]} deployed={c.deployed} pending={pending?.get(c.name)} />
      ))}
    </div>
  );
});

/** Resources × environments in promotion order. */
export function Board({ state }: { state: StateResponse }) {
  const [filter, setFilter] = useState('');
  const [onlyDiff, setOnlyDiff] = useState(false);
  const query = useDeferredValue(filter.trim().toLowerCase());
  const colKey = state.environments.map(e => `${e.name}:${e.deployed}`).join(',');
  const cols = useMemo<Col[]>(() => state.environments.map(e => ({ name: e.name, deployed: e.deployed })), [colKey]);
  const pending = useMemo(() => pendingIndex(state.transitions, state.environments), [state.transitions, state.environments]);
  const names = useMemo(() => cols.map(c => c.name), [cols]);
  const rows = useMemo(
    () => state.resources.filter(r => (!query || r.name.toLowerCase().includes(query)) && (!onlyDiff || differs(r.environments, names))),
    [state.resources, query, onlyDiff, names],
  );
  // Paint what fits on screen first, then the rest (keeps the first meaningful paint small with 500+ resources).
  const [limit, setLimit] = useState(FIRST_PASS_ROWS);
  useEffect(() => {
    if (limit >= rows.length) return;
    const id = setTimeout(() => startTransition(() => setLimit(Number.MAX_SAFE_INTEGER)), 0);
    return () => clearTimeout(id);
  }, [limit, rows.length]);
  const shown = rows.length > limit ? rows.slice(0, limit) : rows;
  const grid = { '--cols': `minmax(12rem, 1.3fr) repeat(${cols.length}, minmax(11rem, 1fr))`, minWidth: `${12 + cols.length * 11}rem` } as CSSProperties;
  return (
    <section className="board-view">
      <div className="toolbar">
        <input
          type="search"
          aria-label="filter resources by name"
          placeholder="Filter resources…"
          value={filter}
          onChange={e => setFilter(e.target.value)}
        />
        <label className="check">
          <input type="checkbox" checked={onlyDiff} onChange={e => setOnlyDiff(e.target.checked)} /> only differences
        </label>
        <span className="count" aria-live="polite">
          {rows.length} of {state.resources.length} resources
        </span>
      </div>
      <div className="board" role="grid" aria-label="environments board" style={grid} data-testid="board">
        <div className="board-row board-head" role="row">
          <div className="row-head corner" role="columnheader">
            resource
          </div>
          {state.environments.map(e => (
            <EnvHeader key={e.name} env={e} into={state.transitions.filter(t => t.target === e.name)} />
          ))}
        </div>
        {shown.map(r => (
          <Row key={r.name} row={r} cols={cols} pending={pending.get(r.name)} />
        ))}
        {rows.length === 0 && <div className="empty">No resource matches.</div>}
      </div>
    </section>
  );
}
