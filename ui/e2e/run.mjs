// npm run e2e [-- --bench]: starts the backend, launches chromium, runs the specs (or the benchmark).
import { launch, run, startBackend } from './harness.mjs';
import { specs } from './specs.mjs';
import { bench } from './bench.mjs';

const benchMode = process.argv.includes('--bench');
let failed = 1;
let backend, browser, close;
try {
  backend = await startBackend(benchMode ? { resources: 500, environments: ['latest', 'dev', 'qa', 'pp', 'prod'] } : {});
  ({ browser, close } = await launch());
  if (benchMode) {
    await bench({ browser, backend });
    failed = 0;
  } else {
    failed = await run(specs, { browser, backend });
  }
} catch (e) {
  console.error(e);
  if (!benchMode) console.log('e2e: 0 passed, 1 failed');
} finally {
  await close?.();
  await backend?.close();
}
process.exit(failed ? 1 : 0);
