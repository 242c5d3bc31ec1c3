// npm run e2e:bench (500 resources × 5 environments) and npm run bench:board (10,000 × 5) in Chromium on the mock API.
// Prints, does not assert.
import { api } from './harness.mjs';

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = xs => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];
const ms = xs => xs.map(x => x.toFixed(0)).join(', ');

/** In the page: when the first board row is in the DOM and painted, the main thread's long tasks, each SSE message. */
function instrument() {
  window.__sse = [];
  window.__long = [];
  new PerformanceObserver(list => window.__long.push(...list.getEntries().map(e => ({ start: e.startTime, end: e.startTime + e.duration })))).observe({ type: 'longtask' });
  const add = EventSource.prototype.addEventListener;
  EventSource.prototype.addEventListener = function (type, listener, options) {
    return add.call(this, type, function (ev) {
      window.__sse.push(performance.now());
      return listener.call(this, ev);
    }, options);
  };
  new MutationObserver((_, obs) => {
    if (document.querySelector('[data-resource]')) {
      window.__boardAt = performance.now();
      obs.disconnect();
      // after the next frame: the rows have been painted
      requestAnimationFrame(() => setTimeout(() => (window.__boardPainted = performance.now())));
    }
  }).observe(document, { childList: true, subtree: true });
}

/** In the page: scrolls the board's scroller to the bottom; resolves with ms until the last resource's row is painted. */
function scrollToEnd(last) {
  const board = document.querySelector('[data-testid="board"]');
  let scroller = board.parentElement;
  while (scroller && scroller.scrollHeight <= scroller.clientHeight) scroller = scroller.parentElement;
  scroller ??= document.scrollingElement;
  const t0 = performance.now();
  scroller.scrollTop = scroller.scrollHeight;
  return new Promise(resolve => {
    const check = () => {
      const row = document.querySelector(`[data-resource="${CSS.escape(last)}"]`);
      if (row && row.getBoundingClientRect().bottom <= window.innerHeight + 1) requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0)));
      else requestAnimationFrame(check);
    };
    check();
  });
}

export async function bench({ browser, backend, loads = 3 }) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(instrument);
  const { body: state } = await api(backend.url, 'GET', 'api/state');
  const envs = state.environments.map(e => e.name);
  const last = state.resources[state.resources.length - 1].name;
  const runs = [];
  for (let i = 0; i < loads; i++) {
    await page.goto(backend.url);
    await page.waitForSelector('[data-resource]', { timeout: 120_000 });
    await page.waitForFunction(() => window.__boardPainted, null, { timeout: 120_000 });
    // the main thread is idle once no long task has started for 1 s
    await page.waitForFunction(() => performance.now() - Math.max(window.__boardPainted, ...window.__long.map(t => t.end)) > 1000, null, { timeout: 120_000, polling: 100 });
    const m = await page.evaluate(() => ({
      board: window.__boardPainted,
      dom: window.__boardAt,
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
      busyUntil: Math.max(window.__boardPainted, ...window.__long.map(t => t.end)),
      rows: document.querySelectorAll('[data-resource]').length,
      cells: document.querySelectorAll('[data-resource] .cell').length,
      nodes: document.getElementsByTagName('*').length,
      heap: performance.memory?.usedJSHeapSize,
    }));
    m.scroll = await page.evaluate(scrollToEnd, last);
    runs.push(m);
  }
  // live updates on rows that are on screen
  await page.goto(backend.url);
  await page.waitForSelector('[data-testid="connection"]:has-text("live")', { timeout: 120_000 });
  const applied = [], endToEnd = [];
  for (let i = 0; i < 30; i++) {
    const r = state.resources[(i * 7) % Math.min(10, state.resources.length)].name;
    const env = envs[i % envs.length];
    const version = `bench-${i}`;
    await page.evaluate(({ r, idx, version }) => {
      window.__applied = new Promise(resolve => {
        const cell = document.querySelectorAll(`[data-resource="${r}"] .cell`)[idx];
        const obs = new MutationObserver(() => {
          if (cell.textContent.includes(version)) {
            obs.disconnect();
            requestAnimationFrame(() => resolve({ at: performance.now(), sse: window.__sse[window.__sse.length - 1] }));
          }
        });
        obs.observe(cell, { childList: true, subtree: true, characterData: true });
      });
    }, { r, idx: envs.indexOf(env), version });
    const t0 = Date.now();
    await api(backend.url, 'POST', '__mock/push', { type: 'resource', data: { resource: r, environment: env, cell: { version, broken: false, deployedVersion: version, state: 'Healthy' } } });
    const res = await page.evaluate(() => window.__applied);
    endToEnd.push(Date.now() - t0);
    applied.push(res.at - res.sse);
  }
  const boards = runs.map(p => p.board), busy = runs.map(p => p.busyUntil), scrolls = runs.map(p => p.scroll);
  console.log(`bench: ${state.resources.length} resources × ${envs.length} environments; ${runs[0].rows} rows (${runs[0].cells} cells, ${runs[0].nodes} elements) in the DOM once idle${runs[0].heap ? `, JS heap ${(runs[0].heap / 1048576).toFixed(0)} MB` : ''}`);
  console.log(`bench: first meaningful paint (board rows painted, from navigation start; ${loads} loads): ${ms(boards)} ms (median ${median(boards).toFixed(0)} ms); rows in the DOM at ${ms(runs.map(p => p.dom))} ms; first contentful paint ${ms(runs.map(p => p.fcp ?? 0))} ms`);
  console.log(`bench: main thread busy until (end of the last long task, from navigation start): ${ms(busy)} ms (median ${median(busy).toFixed(0)} ms)`);
  console.log(`bench: scroll to the end → last row painted: ${ms(scrolls)} ms (median ${median(scrolls).toFixed(0)} ms)`);
  console.log(`bench: live update applied (SSE message → DOM updated → next frame): median ${median(applied).toFixed(1)} ms, p95 ${p95(applied).toFixed(1)} ms, max ${Math.max(...applied).toFixed(1)} ms over ${applied.length}`);
  console.log(`bench: live update end to end (push to server → visible): median ${median(endToEnd)} ms, p95 ${p95(endToEnd)} ms`);
  await context.close();
}
