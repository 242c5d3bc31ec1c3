import { useEffect, useState, useSyncExternalStore } from 'react';
import { store as defaultStore, useLive, type LiveStore } from './api/store';
import { FailingReceivers } from './components/FailingReceivers';
import { ProblemView } from './components/ProblemView';
import { useNotices } from './components/notices';
import { Approvals } from './views/Approvals';
import { Board } from './views/Board';
import { History } from './views/History';
import { ResourcePage } from './views/ResourcePage';

function subscribeHash(l: () => void) {
  window.addEventListener('hashchange', l);
  return () => window.removeEventListener('hashchange', l);
}
function useHash() {
  return useSyncExternalStore(subscribeHash, () => window.location.hash);
}

type Theme = 'light' | 'dark' | 'system';
function useTheme(): [Theme, () => void] {
  const [theme, setTheme] = useState<Theme>(() => (localStorage.getItem('dm-theme') as Theme) ?? 'system');
  useEffect(() => {
    if (theme === 'system') document.documentElement.removeAttribute('data-theme');
    else document.documentElement.setAttribute('data-theme', theme);
    localStorage.setItem('dm-theme', theme);
  }, [theme]);
  const next = () => setTheme(t => (t === 'system' ? 'dark' : t === 'dark' ? 'light' : 'system'));
  return [theme, next];
}

export function App({ store = defaultStore }: { store?: LiveStore }) {
  const snap = useLive(store);
  const hash = useHash();
  const [theme, nextTheme] = useTheme();
  const notices = useNotices();
  const path = hash.replace(/^#\/?/, '');
  const [view, arg] = path.split('/');
  const state = snap.state;
  const waiting = state?.transitions.filter(t => t.manual && (t.pending?.length ?? 0) > 0).length ?? 0;

  return (
    <div className="app">
      <header className="top">
        <a className="brand" href="#/">
          DM
        </a>
        <nav>
          <a href="#/" aria-current={!view ? 'page' : undefined}>
            Board
          </a>
          <a href="#/history" aria-current={view === 'history' ? 'page' : undefined}>
            History
          </a>
          <a href="#/approvals" aria-current={view === 'approvals' ? 'page' : undefined}>
            Approvals{waiting ? ` (${waiting})` : ''}
          </a>
        </nav>
        <span className="spacer" />
        {state &&
          (['deployer', 'transitioner'] as const)
            .filter(d => state[d].configured && !state[d].available)
            .map(d => (
              <span key={d} className="unavailable small" title={state[d].message} role="status">
                {d} status unavailable
              </span>
            ))}
        {state?.revision && <code className="muted small" title="resource repo head">{state.revision.slice(0, 10)}</code>}
        <span className={`conn conn-${snap.connection}`} role="status" data-testid="connection">
          {snap.connection === 'live' ? '● live' : snap.connection === 'reconnecting' ? '◌ reconnecting…' : '◌ connecting…'}
        </span>
        <button type="button" className="link" onClick={nextTheme} aria-label={`theme: ${theme}`} title={`theme: ${theme}`}>
          {theme === 'dark' ? '☾' : theme === 'light' ? '☀' : '◐'}
        </button>
      </header>
      {state && state.errors.length > 0 && (
        <details className="repo-errors">
          <summary>{state.errors.length} resource repo error(s)</summary>
          <ul>
            {state.errors.map((e, i) => (
              <li key={i}>
                {e.file}:{e.line}:{e.column} {e.reason} — {e.message}
              </li>
            ))}
          </ul>
        </details>
      )}
      <FailingReceivers />
      <main>
        <ProblemView problem={snap.loadError} />
        {!state ? (
          <div className="skeleton" aria-busy="true">
            Loading state…
          </div>
        ) : view === 'resource' && arg ? (
          <ResourcePage name={decodeURIComponent(arg)} state={state} historyTick={snap.historyTick} />
        ) : view === 'history' ? (
          <History environments={state.environments.map(e => e.name)} historyTick={snap.historyTick} />
        ) : view === 'approvals' ? (
          <Approvals transitions={state.transitions} />
        ) : (
          <Board state={state} />
        )}
      </main>
      <div className="notices" aria-live="polite">
        {notices.map(n => (
          <div key={n.id} className="notice">
            {n.text}
          </div>
        ))}
      </div>
    </div>
  );
}
