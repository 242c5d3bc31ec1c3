// npm run e2e [-- --mock | --system]: the specs in headless chromium, in two suites —
//   mock API: e2e/specs.mjs against e2e/mock-server.mjs (or against a running aggregator at DM_UI_E2E_BASE_URL);
//   system:   e2e/system-specs.mjs against the real composition (the playground) on a fresh repo, asserted with git.
// Ends with one line `e2e: N passed, N failed` (run-tests.sh reads it); exit code 1 on any failure.
// npm run e2e:bench: 500 resources × 5 environments on the mock API, printed figures (not asserted).
// npm run bench:board: the same at 10,000 × 5, 5 loads (`-- --resources N --loads N` to change either).
import { buildIfNeeded, cleanArtifacts, launch, run, startBackend } from './harness.mjs';
import { specs } from './specs.mjs';
import { systemSpecs } from './system-specs.mjs';
import { startPlayground } from './playground.mjs';
import { bench } from './bench.mjs';

const args = process.argv.slice(2);
const benchMode = args.includes('--bench');
const argValue = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const external = process.env.DM_UI_E2E_BASE_URL;

const suites = [];
if (!args.includes('--system')) {
  suites.push({ name: external ? `aggregator at ${external}` : 'mock API', specs, start: () => startBackend() });
}
if (!args.includes('--mock') && !external) {
  suites.push({ name: 'system (playground)', specs: systemSpecs, start: () => startPlayground() });
}

const started = Date.now();
let passed = 0, failed = 0, skipped = 0;
let browser, close;
try {
  if (!external) buildIfNeeded();
  cleanArtifacts();
  ({ browser, close } = await launch());
  if (benchMode) {
    const backend = await startBackend({ resources: Number(argValue('--resources', 500)), environments: ['latest', 'dev', 'qa', 'pp', 'prod'] });
    try {
      await bench({ browser, backend, loads: Number(argValue('--loads', 3)) });
    } finally {
      await backend.close();
    }
  } else {
    for (const suite of suites) {
      const t0 = Date.now();
      console.log(`e2e suite: ${suite.name}`);
      let backend;
      try {
        backend = await suite.start();
        if (backend.url) console.log(`  backend ${backend.url}${backend.repo ? ` (repo ${backend.repo})` : ''}, ready after ${Date.now() - t0} ms`);
        const r = await run(suite.specs, { browser, backend });
        passed += r.passed;
        failed += r.failed;
        skipped += r.skipped;
        console.log(`  ${suite.name}: ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      } catch (e) {
        // the backend did not start: count the suite's specs as failed, so the summary cannot look green
        console.log(`✗ ${suite.name}: ${String(e?.stack ?? e).split('\n').slice(0, 8).join('\n  ')}`);
        failed += suite.specs.length;
      } finally {
        await backend?.close();
      }
    }
  }
} catch (e) {
  console.error(e);
  failed = Math.max(failed, 1);
} finally {
  await close?.();
}
if (!benchMode) {
  console.log(`e2e run took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`e2e: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
}
process.exit(failed ? 1 : 0);
