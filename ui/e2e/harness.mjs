// The e2e harness: Debian's chromium through playwright-core (no browser download), the mock-API backend (or a running
// aggregator at DM_UI_E2E_BASE_URL), and a tiny spec runner; run.mjs adds the real system (playground.mjs) and prints
// the one `e2e: N passed, N failed` line.
import { chromium } from 'playwright-core';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMockServer } from './mock-server.mjs';

export const uiDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const artifacts = join(uiDir, 'e2e', 'artifacts');

function chromiumPath() {
  if (process.env.DM_UI_CHROMIUM) return process.env.DM_UI_CHROMIUM;
  for (const p of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) if (existsSync(p)) return p;
  const which = spawnSync('which', ['chromium'], { encoding: 'utf8' });
  if (which.status === 0) return which.stdout.trim();
  throw new Error('chromium not found: apt-get install -y chromium (or set DM_UI_CHROMIUM)');
}

function newest(dir) {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return t;
}

/** Builds ui/dist when it is missing or older than the sources. */
export function buildIfNeeded() {
  const index = join(uiDir, 'dist', 'index.html');
  const sources = Math.max(newest(join(uiDir, 'src')), statSync(join(uiDir, 'index.html')).mtimeMs, statSync(join(uiDir, 'vite.config.ts')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  console.log('e2e: building ui/dist …');
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: uiDir, stdio: 'inherit' });
}

export async function launch() {
  // playwright-core gives every launch a fresh temporary profile (its own --user-data-dir) and removes it on close.
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
  });
  return {
    browser,
    close: () => browser.close(),
  };
}

/** The backend the generic specs talk to: the mock API (default) or a running aggregator (DM_UI_E2E_BASE_URL). */
export async function startBackend(options = {}) {
  const external = process.env.DM_UI_E2E_BASE_URL;
  if (external) {
    const url = external.endsWith('/') ? external : `${external}/`;
    return { url, mock: false, close: async () => {} };
  }
  buildIfNeeded();
  const m = await startMockServer(options);
  return { url: m.url, mock: true, close: m.close, server: m };
}

export async function api(base, method, path, body) {
  const r = await fetch(new URL(path, base), { method, headers: body ? { 'Content-Type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : undefined };
}

/** Removes the failure screenshots of an earlier run. */
export function cleanArtifacts() {
  mkdirSync(artifacts, { recursive: true });
  for (const f of readdirSync(artifacts)) if (f.startsWith('failed-')) rmSync(join(artifacts, f));
}

/** Runs specs one after another, each in a fresh browser context; returns { passed, failed, skipped }. */
export async function run(specs, ctx) {
  let passed = 0, failed = 0, skipped = 0;
  for (const spec of specs) {
    if (spec.mockOnly && !ctx.backend.mock) {
      console.log(`- skip ${spec.name} (needs the mock API)`);
      skipped++;
      continue;
    }
    const context = await ctx.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const consoleErrors = [];
    page.on('pageerror', e => consoleErrors.push(String(e)));
    const started = Date.now();
    try {
      await spec.fn({ ...ctx, page, context });
      if (consoleErrors.length) throw new Error(`uncaught page errors: ${consoleErrors.join('; ')}`);
      passed++;
      console.log(`✓ ${spec.name} (${Date.now() - started} ms)`);
    } catch (e) {
      failed++;
      console.log(`✗ ${spec.name} (${Date.now() - started} ms)\n  ${String(e?.stack ?? e).split('\n').slice(0, 6).join('\n  ')}`);
      await page.screenshot({ path: join(artifacts, `failed-${spec.name.replace(/[^a-z0-9]+/gi, '-')}.png`) }).catch(() => {});
    } finally {
      await context.close();
    }
  }
  return { passed, failed, skipped };
}

export function assert(cond, message) {
  if (!cond) throw new Error(`assertion failed: ${message}`);
}
