// npm run e2e:bench: 500 resources × 5 environments in Chromium. Prints, does not assert.
import { api } from './harness.mjs';

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = xs => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];

export async function bench({ browser, backend }) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  // Record when the first board row is in the DOM, and when each SSE message arrives.
  await page.addInitScript(() => {
    window.__sse = [];
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
  });
  const paints = [];
  for (let i = 0; i < 3; i++) {
    await page.goto(backend.url);
    await page.waitForSelector('[data-resource]');
    await page.waitForFunction(() => window.__boardPainted);
    const m = await page.evaluate(() => ({
      board: window.__boardPainted,
      dom: window.__boardAt,
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
      rows: document.querySelectorAll('[data-resource]').length,
      cells: document.querySelectorAll('[data-resource] .cell').length,
    }));
    // the frame after the rows are in the DOM is the paint
    paints.push(m);
  }
  await page.waitForSelector('[data-testid="connection"]:has-text("live")');
  const { body: state } = await api(backend.url, 'GET', 'api/state');
  const envs = state.environments.map(e => e.name);
  const applied = [], endToEnd = [];
  for (let i = 0; i < 30; i++) {
    const r = state.resources[(i * 37) % state.resources.length].name;
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
  const boards = paints.map(p => p.board);
  console.log(`bench: ${paints[0].rows} resources × ${envs.length} environments (${paints[0].cells} cells)`);
  console.log(`bench: first meaningful paint (board rows painted, from navigation start; 3 loads): ${boards.map(x => x.toFixed(0)).join(', ')} ms (median ${median(boards).toFixed(0)} ms); rows in the DOM at ${paints.map(p => p.dom.toFixed(0)).join(', ')} ms; first contentful paint ${paints.map(p => p.fcp?.toFixed(0)).join(', ')} ms`);
  console.log(`bench: live update applied (SSE message → DOM updated → next frame): median ${median(applied).toFixed(1)} ms, p95 ${p95(applied).toFixed(1)} ms, max ${Math.max(...applied).toFixed(1)} ms over ${applied.length}`);
  console.log(`bench: live update end to end (push to server → visible): median ${median(endToEnd)} ms, p95 ${p95(endToEnd)} ms`);
  await context.close();
}
