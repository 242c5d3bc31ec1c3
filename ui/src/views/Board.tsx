import { memo, useDeferredValue, useLayoutEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ResourceView, StateResponse } from '../api/types';
import { differs, pendingIndex, type PendingInfo } from '../components/health';
import { BoardCell } from './BoardCell';
import { EnvHeader } from './EnvHeader';

/** A resource row's height before one has been measured: 2.6rem cells and a 1px border at a 16px root font. */
export const ROW_HEIGHT_ESTIMATE = 43;
/** Rows rendered above and below the visible ones (keeps Tab and fast scrolling from landing on blank space). */
export const OVERSCAN_ROWS = 12;

interface Col {
  name: string;
  deployed: boolean;
}

const Row = memo(function Row({ row, cols, pending, index }: { row: ResourceView; cols: Col[]; pending?: Map<string, PendingInfo>; index: number }) {
  return (
    <div className="board-row" role="row" aria-rowindex={index + 2} data-resource={row.name}>
      <div className="row-head" role="rowheader">
        <a href={`#/resource/${encodeURIComponent(row.name)}`}>{row.name}</a>
      </div>
      {cols.map(c => (
        <BoardCell key={c.name} cell={row.environments[c.name]} deployed={c.deployed} pending={pending?.get(c.name)} />
      ))}
    </div>
  );
});

/** The nearest ancestor that scrolls vertically (the app's `main`), or null. */
function scrollParent(el: HTMLElement | null): HTMLElement | null {
  for (let p = el?.parentElement; p; p = p.parentElement) {
    const y = getComputedStyle(p).overflowY;
    if (y === 'auto' || y === 'scroll') return p;
  }
  return null;
}

/** Top of `el` in layout coordinates up to `stop` (or the document); independent of any scroll offset. */
function layoutTop(el: HTMLElement, stop: HTMLElement | null): number {
  let y = 0;
  for (let e: HTMLElement | null = el; e && e !== stop; e = e.offsetParent as HTMLElement | null) y += e.offsetTop;
  return y;
}

/** How far below the top of the scroller's content `el` starts (the app's `main` is positioned, so it is el's offsetParent). */
function offsetWithin(el: HTMLElement, scroller: HTMLElement): number {
  let chain: HTMLElement | null = el;
  while (chain && chain !== scroller) chain = chain.offsetParent as HTMLElement | null;
  return chain ? layoutTop(el, scroller) : layoutTop(el, null) - layoutTop(scroller, null) - scroller.clientTop;
}

/**
 * Resources × environments in promotion order. Only the rows in view (plus {@link OVERSCAN_ROWS} either side) are in
 * the DOM; spacers above and below keep the scroll height of every row, so 10,000 resources paint like 30.
 */
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
  const boardRef = useRef<HTMLDivElement>(null);
  const topRef = useRef<HTMLDivElement>(null);
  const [scroller, setScroller] = useState<HTMLElement | null>(null);
  const [rowHeight, setRowHeight] = useState(ROW_HEIGHT_ESTIMATE);
  const [scrollMargin, setScrollMargin] = useState(0);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller,
    estimateSize: () => rowHeight,
    getItemKey: i => rows[i].name,
    overscan: OVERSCAN_ROWS,
    scrollMargin,
    // before the scroller is known (first render): a window's worth of rows
    initialRect: { width: window.innerWidth, height: window.innerHeight },
  });
  useLayoutEffect(() => setScroller(scrollParent(boardRef.current)), []);
  // After every render: where the first row starts inside the scroller (the toolbar, notices and the header row above it
  // change height), and one row's real height (every row has the same: one line, fixed minimum heights).
  useLayoutEffect(() => {
    const top = topRef.current;
    if (scroller && top) {
      const margin = offsetWithin(top, scroller);
      if (margin !== scrollMargin) setScrollMargin(margin);
    }
    const measured = boardRef.current?.querySelector<HTMLElement>('[data-resource]')?.offsetHeight;
    if (measured && measured !== rowHeight) setRowHeight(measured);
  });
  useLayoutEffect(() => virtualizer.measure(), [virtualizer, rowHeight]);
  const items = virtualizer.getVirtualItems();
  const before = items.length ? items[0].start - scrollMargin : 0;
  const after = items.length ? virtualizer.getTotalSize() - (items[items.length - 1].end - scrollMargin) : 0;
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
      <div className="board" role="grid" aria-label="environments board" aria-rowcount={rows.length + 1} style={grid} data-testid="board" ref={boardRef}>
        <div className="board-row board-head" role="row" aria-rowindex={1}>
          <div className="row-head corner" role="columnheader">
            resource
          </div>
          {state.environments.map(e => (
            <EnvHeader key={e.name} env={e} into={state.transitions.filter(t => t.target === e.name)} />
          ))}
        </div>
        <div className="board-spacer" aria-hidden="true" ref={topRef} style={{ height: before }} />
        {items.map(item => {
          const r = rows[item.index];
          return <Row key={r.name} row={r} index={item.index} cols={cols} pending={pending.get(r.name)} />;
        })}
        <div className="board-spacer" aria-hidden="true" style={{ height: after }} />
        {rows.length === 0 && <div className="empty">No resource matches.</div>}
      </div>
    </section>
  );
}
