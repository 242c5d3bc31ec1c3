// The real system for the e2e specs: the playground (aggregator + deployer + transitioner + two ClusterSimulators on
// loopback, one process) started from its built dll on a fresh temp dir, with the UI's e2e fixture as its repo.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { artifacts, uiDir } from './harness.mjs';

export const repoRoot = resolve(uiDir, '..');
export const systemFixture = join(uiDir, 'e2e', 'system-fixture.yaml');
const dllPath = () => process.env.DM_UI_E2E_PLAYGROUND_DLL ?? join(repoRoot, 'playground', 'bin', 'Debug', 'net10.0', 'Playground.dll');

/** Every playground still running (pid → its temp dir): killed (whole process group) and its dir removed when this process exits, however it exits. */
const running = new Map();
process.on('exit', () => {
  for (const [pid, dir] of running) {
    killGroup(pid, 'SIGKILL');
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // a git child may still be writing: leave the temp dir
    }
  }
});
// A signal would end node without 'exit' handlers; the playground runs in its own process group, so Ctrl-C does not
// reach it: turn the signal into an exit.
for (const [signal, n] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]]) {
  process.on(signal, () => process.exit(128 + n));
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // no such group: everything in it has exited
  }
}

/** Builds the playground when its dll is missing (the UI is built by the harness, so DM_SKIP_UI_BUILD=1). */
function buildIfMissing(dll) {
  if (existsSync(dll)) return;
  console.log(`e2e: ${dll} is missing; building it with 'dotnet build playground' (the first build takes a few minutes) …`);
  const r = spawnSync('nice', ['dotnet', 'build', join(repoRoot, 'playground'), '-nologo', '-v', 'q'], {
    stdio: 'inherit', env: { ...process.env, DM_SKIP_UI_BUILD: '1' },
  });
  if (r.error?.code === 'ENOENT') throw new Error('the system specs need the .NET SDK: dotnet was not found on PATH');
  if (r.status !== 0 || !existsSync(dll)) throw new Error(`'dotnet build playground' failed (exit code ${r.status}); see its output above`);
}

/** Polls `probe` every 100 ms until it returns a truthy value, or throws `message` after `ms`. */
export async function until(probe, ms, message) {
  const deadline = Date.now() + ms;
  let last;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`${message} (after ${ms} ms${last ? `; last error: ${last.message ?? last}` : ''})`);
    await new Promise(r => setTimeout(r, 100));
  }
}

/**
 * Starts the playground on a free port (`--port 0`; the URL comes from its banner) and waits until the aggregator is
 * ready and every deployed environment has a deploy state. Returns `{ url, repo, dir, close }`; `close` stops the
 * process (SIGTERM, then SIGKILL of its whole process group) and removes the temp dir.
 */
export async function startPlayground({ fixture = systemFixture, startTimeoutMs = 60_000 } = {}) {
  const dll = dllPath();
  buildIfMissing(dll);
  const dir = mkdtempSync(join(tmpdir(), 'dm-ui-e2e-'));
  mkdirSync(artifacts, { recursive: true });
  const logPath = join(artifacts, 'playground.log');
  const log = createWriteStream(logPath);
  let output = '';
  const child = spawn('dotnet', [dll, '--dir', dir, '--port', '0', '--ui', join(uiDir, 'dist'), '--fixture', fixture], {
    cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' },
  });
  let exited = null;
  const spawnError = new Promise((_, reject) => child.once('error', e => reject(new Error(`could not start dotnet (is the .NET SDK on PATH?): ${e.message}`))));
  spawnError.catch(() => {}); // observed by the race below
  // no pid: spawn failed, and 'exit' may never come
  const exit = child.pid
    ? new Promise(r => child.once('exit', (code, signal) => r((exited = { code, signal }))))
    : Promise.resolve((exited = { code: null, signal: 'not started' }));
  if (child.pid) running.set(child.pid, dir);
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', d => {
      output += d;
      log.write(d);
    });
  }

  let closed;
  const close = () => (closed ??= (async () => {
    if (!exited) {
      child.kill('SIGTERM'); // the playground stops its daemons and clusters on SIGTERM
      const graceful = await Promise.race([exit.then(() => true), new Promise(r => setTimeout(() => r(false), 10_000))]);
      if (!graceful) console.log('e2e: the playground did not stop within 10 s of SIGTERM; killing it');
    }
    if (child.pid) killGroup(child.pid, 'SIGKILL'); // whatever is left in its process group (git children)
    await exit;
    running.delete(child.pid);
    await new Promise(r => log.end(r));
    rmSync(dir, { recursive: true, force: true });
  })());

  try {
    const url = await Promise.race([
      spawnError,
      until(() => {
        if (exited) throw new Error(`the playground exited (${exited.code ?? exited.signal}):\n${output.slice(-2000)}`);
        return /(?:UI and API|API)\s+(http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)?.[1];
      }, startTimeoutMs, `the playground printed no URL; its output is in ${logPath}`),
    ]);
    if (/no UI:/.test(output)) throw new Error(`the playground serves no UI: ${output.match(/no UI:[^)]*/)[0]}`);
    await until(async () => (await fetch(new URL('readyz', url))).ok, startTimeoutMs, `GET ${url}readyz never answered 200`);
    await until(async () => {
      const state = await (await fetch(new URL('api/state', url))).json();
      return state.environments.every(e => !e.deployed || e.state === 'Clean');
    }, startTimeoutMs, 'the deployed environments did not all turn Clean');
    return { url, repo: join(dir, 'repo.git'), dir, log: logPath, close };
  } catch (e) {
    await close();
    throw e;
  }
}
