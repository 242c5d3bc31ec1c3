// End-to-end specs against the real system: the playground's composition (aggregator + deployer + transitioner + two
// ClusterSimulators) seeded from e2e/system-fixture.yaml. Writes are asserted in the resource repo with plain git.
// The specs run in order on one system and build on each other (promote, then roll back the same resource).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { api, artifacts, assert } from './harness.mjs';
import { until } from './playground.mjs';

const ENVS = ['latest', 'dev', 'pp', 'prod'];

// --- the resource repo, through plain git -------------------------------------------------------------------------
const git = (repo, ...args) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8' });
const head = repo => git(repo, 'rev-parse', 'refs/heads/main').trim();
const fileAt = (repo, path, rev = 'refs/heads/main') => git(repo, 'show', `${rev}:${path}`);

/** Commits on main after `since`, oldest first: { id, subject, body, files }. */
function commitsSince(repo, since) {
  const out = git(repo, 'log', '--reverse', '--format=%x1e%H%x1f%B%x1f', '--name-only', `${since}..refs/heads/main`);
  return out.split('\x1e').filter(s => s.trim()).map(chunk => {
    const [id, body, files] = chunk.split('\x1f');
    return { id, body: body.trim(), subject: body.trim().split('\n')[0], files: files.trim().split('\n').filter(Boolean) };
  });
}

/** Waits for a commit after `since` that touches every path in `paths` and whose message contains `text`. */
function commitTouching(repo, since, paths, text) {
  return until(
    () => commitsSince(repo, since).find(c => paths.every(p => c.files.includes(p)) && c.body.includes(text)),
    5000,
    `no commit after ${since.slice(0, 8)} touches ${paths.join(' and ')} with "${text}": ${JSON.stringify(commitsSince(repo, since).map(c => [c.subject, c.files]))}`,
  );
}

// --- the page -----------------------------------------------------------------------------------------------------
async function openBoard(page, base) {
  await page.goto(base);
  await page.waitForSelector('[data-testid="board"] [data-resource]');
  await page.getByTestId('connection').filter({ hasText: 'live' }).waitFor({ timeout: 5000 });
}

const cellOf = (page, resource, env) => page.locator(`[data-resource="${resource}"] .cell`).nth(ENVS.indexOf(env));

/** Waits until the board cell shows `version` with health `health`. */
const cellShows = (page, resource, env, version, health, timeout) =>
  page.waitForFunction(({ resource, idx, version, health }) => {
      const cell = document.querySelectorAll(`[data-resource="${resource}"] .cell`)[idx];
      return cell && cell.querySelector('.version')?.textContent === version && cell.getAttribute('data-health') === health;
    }, { resource, idx: ENVS.indexOf(env), version, health }, { timeout });

const rowOf = (page, env) => page.locator(`tr[data-env="${env}"]`);

export const systemSpecs = [
  {
    name: 'system: the board shows the seeded environments, resources and deploy states',
    async fn({ page, backend }) {
      await openBoard(page, backend.url);
      const headers = await page.locator('.env-header .env-name').allTextContents();
      assert(JSON.stringify(headers) === JSON.stringify(ENVS), `environments in promotion order: ${headers}`);
      const rows = await page.locator('[data-resource]').evaluateAll(els => els.map(e => e.getAttribute('data-resource')));
      assert(JSON.stringify([...rows].sort()) === JSON.stringify(['api', 'payments', 'search', 'web', 'worker']), `resources: ${rows}`);
      // the deployer's reports: every deployed cell Clean at the seeded version; latest has no deployer
      for (const [resource, versions] of Object.entries({ web: ['1.1.0', '1.1.0', '1.1.0', '1.0.0'], worker: ['0.3.0', '0.3.0', '0.3.0', '0.2.0'] })) {
        for (const [k, env] of ENVS.entries()) {
          const cell = cellOf(page, resource, env);
          const text = await cell.locator('.version').textContent();
          const health = await cell.getAttribute('data-health');
          assert(text === versions[k] && health === (env === 'latest' ? 'None' : 'Clean'), `${resource} in ${env}: ${text} ${health}`);
        }
      }
      // pp → prod needs an approval: the arrow says so. The transitioner's round that saw pp Clean may come a poll after
      // the deployer's report (until then it waits on SourceOutdated), and the board shows it live.
      const arrow = cellOf(page, 'web', 'prod').getByTestId('pending');
      assert((await arrow.textContent()).includes('1.1.0'), 'web 1.1.0 is pending into prod');
      await page.waitForFunction(
        idx => document.querySelectorAll('[data-resource="web"] .cell')[idx]?.querySelector('[data-testid="pending"]')?.getAttribute('title')?.includes('AwaitingApproval'),
        ENVS.indexOf('prod'), { timeout: 5000 }).catch(() => {});
      assert((await arrow.getAttribute('title')).includes('AwaitingApproval'), `why it waits: ${await arrow.getAttribute('title')}`);
    },
  },
  {
    name: 'system: a version posted with POST api/versions appears in the board within 2 s without reload, then moves to dev and pp',
    async fn({ page, backend }) {
      await openBoard(page, backend.url);
      await page.evaluate(() => (window.__noReload = true));
      const before = head(backend.repo);
      const started = Date.now();
      const posted = await api(backend.url, 'POST', 'api/versions', { resource: 'web', version: '1.2.0', changelog: 'e2e: faster pages' });
      assert(posted.status === 201, `POST api/versions answered ${posted.status} ${JSON.stringify(posted.body)}`);
      await cellOf(page, 'web', 'latest').locator('.version', { hasText: '1.2.0' }).waitFor({ timeout: Math.max(0, 2000 - (Date.now() - started)) });
      console.log(`  visible in the board ${Date.now() - started} ms after the POST`);
      const commit = await commitTouching(backend.repo, before, ['latest/version/web.yaml'], 'DM-Action: new-version');
      assert(commit.id === posted.body.commit, `the API answered the commit ${posted.body.commit}, git has ${commit.id}`);
      assert(/version: "?1\.2\.0"?/.test(fileAt(backend.repo, 'latest/version/web.yaml')), 'latest/version/web.yaml holds 1.2.0');
      // the transitioner promotes it to dev, then (dev clean) to pp; the deployer rolls it out: all without reload
      await cellShows(page, 'web', 'dev', '1.2.0', 'Clean', 15_000);
      await cellShows(page, 'web', 'pp', '1.2.0', 'Clean', 15_000);
      assert(await page.evaluate(() => window.__noReload === true), 'the page did not reload');
      assert((await cellOf(page, 'web', 'prod').getByTestId('pending').textContent()).includes('1.2.0'), 'web 1.2.0 waits for prod');
    },
  },
  {
    name: 'system: locking prod in the UI commits prod/locks.yaml and the board shows the lock; unlocking commits again',
    async fn({ page, backend }) {
      await openBoard(page, backend.url);
      const before = head(backend.repo);
      await page.getByRole('button', { name: 'Lock prod', exact: true }).click();
      await page.getByLabel(/Reason/).fill('e2e release freeze');
      await page.getByRole('dialog').getByRole('button', { name: 'Lock', exact: true }).click();
      await page.getByRole('button', { name: 'Unlock prod', exact: true }).waitFor({ timeout: 5000 });
      const lockText = await page.locator('.env-header[data-env="prod"] .env-lock').textContent();
      assert(lockText.includes('e2e release freeze'), `the header shows the reason: ${lockText}`);
      const lock = await commitTouching(backend.repo, before, ['prod/locks.yaml'], 'DM-Action: lock');
      assert(lock.files.length === 1, `the lock commit touches prod/locks.yaml only: ${lock.files}`);
      assert(fileAt(backend.repo, 'prod/locks.yaml').includes('e2e release freeze'), 'prod/locks.yaml holds the reason');

      const locked = head(backend.repo);
      await page.getByRole('button', { name: 'Unlock prod', exact: true }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Unlock', exact: true }).click();
      await page.getByRole('button', { name: 'Lock prod', exact: true }).waitFor({ timeout: 5000 });
      await commitTouching(backend.repo, locked, ['prod/locks.yaml'], 'DM-Action: unlock');
      const now = git(backend.repo, 'ls-tree', '--name-only', 'refs/heads/main', 'prod/').includes('prod/locks.yaml') ? fileAt(backend.repo, 'prod/locks.yaml') : '';
      assert(!now.includes('e2e release freeze'), `prod/locks.yaml no longer holds the reason: ${now}`);
    },
  },
  {
    name: 'system: an API error is shown to the user and nothing is committed',
    async fn({ page, backend }) {
      await openBoard(page, backend.url);
      const before = head(backend.repo);
      // 400: a lock that expired before it was taken
      await page.getByRole('button', { name: 'Lock prod', exact: true }).click();
      await page.getByLabel(/Reason/).fill('e2e expired lock');
      await page.getByLabel(/Expires/).fill('2000-01-01T00:00');
      const response = page.waitForResponse(r => r.request().method() === 'PUT');
      await page.getByRole('dialog').getByRole('button', { name: 'Lock', exact: true }).click();
      const r = await response;
      assert(r.status() === 400, `status ${r.status()}`);
      const detail = (await r.json()).detail;
      await page.getByRole('dialog').getByRole('alert').filter({ hasText: detail }).waitFor();
      await page.keyboard.press('Escape');
      // 409: roll back a resource whose history has no earlier version in prod
      await page.goto(`${backend.url}#/resource/api`);
      await rowOf(page, 'prod').getByRole('button', { name: 'Roll back' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Reason').fill('e2e nothing to go back to');
      const conflict = page.waitForResponse(x => x.request().method() === 'POST' && x.url().endsWith('/api/rollbacks'));
      await dialog.getByRole('button', { name: 'Roll back and lock' }).click();
      const c = await conflict;
      const problem = await c.json();
      assert(c.status() === 409 && problem.title === 'NoPreviousVersion', `status ${c.status()} ${JSON.stringify(problem)}`);
      await dialog.getByRole('alert').filter({ hasText: problem.detail }).waitFor();
      assert(head(backend.repo) === before, 'no commit');
    },
  },
  {
    name: 'system: promote from the resource page commits the version into prod and the deployer rolls it out',
    async fn({ page, backend }) {
      const posted = await api(backend.url, 'POST', 'api/versions', { resource: 'worker', version: '0.4.0', changelog: 'e2e: faster jobs' });
      assert(posted.status === 201, `POST api/versions answered ${posted.status}`);
      await page.goto(`${backend.url}#/resource/worker`);
      const entry = page.locator('li[data-version="0.4.0"]');
      await entry.waitFor({ timeout: 5000 });
      const before = head(backend.repo);
      await entry.locator('button.promote').click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Environment').selectOption('prod');
      await dialog.getByLabel('Reason').fill('e2e promote');
      const response = page.waitForResponse(x => x.request().method() === 'POST' && x.url().endsWith('/api/promotions'));
      await dialog.getByRole('button', { name: /Promote/ }).last().click();
      const answer = await response;
      assert(answer.ok(), `promotion answered ${answer.status()} ${await answer.text()}`);
      const commit = await commitTouching(backend.repo, before, ['prod/version/worker.yaml'], 'DM-Action: promotion');
      assert(commit.body.includes('DM-Move: worker 0.2.0 -> 0.4.0') && commit.body.includes('e2e promote'), `commit message:\n${commit.body}`);
      assert(commit.id === (await answer.json()).commit, 'the answer names the commit');
      assert(/version: "?0\.4\.0"?/.test(fileAt(backend.repo, 'prod/version/worker.yaml')), 'prod/version/worker.yaml holds 0.4.0');
      await rowOf(page, 'prod').locator('td.version', { hasText: '0.4.0' }).waitFor({ timeout: 3000 });
      await rowOf(page, 'prod').locator('[data-health="Clean"]').waitFor({ timeout: 15_000 });
    },
  },
  {
    name: 'system: roll back from the resource page commits the previous version and a lock in one commit',
    async fn({ page, backend }) {
      await page.goto(`${backend.url}#/resource/worker`);
      await rowOf(page, 'prod').locator('td.version', { hasText: '0.4.0' }).waitFor({ timeout: 5000 });
      const before = head(backend.repo);
      await rowOf(page, 'prod').getByRole('button', { name: 'Roll back' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Reason').fill('e2e bad release');
      const response = page.waitForResponse(x => x.request().method() === 'POST' && x.url().endsWith('/api/rollbacks'));
      await dialog.getByRole('button', { name: 'Roll back and lock' }).click();
      const answer = await response;
      assert(answer.ok(), `rollback answered ${answer.status()} ${await answer.text()}`);
      const commit = await commitTouching(backend.repo, before, ['prod/version/worker.yaml', 'prod/locks.yaml'], 'DM-Action: rollback');
      assert(commit.body.includes('DM-Move: worker 0.4.0 -> 0.2.0'), `commit message:\n${commit.body}`);
      assert(/version: "?0\.2\.0"?/.test(fileAt(backend.repo, 'prod/version/worker.yaml')), 'prod/version/worker.yaml holds 0.2.0 again');
      const locks = fileAt(backend.repo, 'prod/locks.yaml');
      assert(locks.includes('worker') && locks.includes('e2e bad release'), `prod/locks.yaml locks worker:\n${locks}`);
      await rowOf(page, 'prod').locator('td.version', { hasText: '0.2.0' }).waitFor({ timeout: 3000 });
      await rowOf(page, 'prod').getByTestId('lock').waitFor({ timeout: 3000 });
      await rowOf(page, 'prod').locator('[data-health="Clean"]').waitFor({ timeout: 15_000 });
      await page.setViewportSize({ width: 1280, height: 560 });
      await page.screenshot({ path: join(artifacts, 'resource.png'), fullPage: true });
    },
  },
  {
    name: 'system: the board shows the outcome live (screenshot for the README)',
    async fn({ page, backend }) {
      await openBoard(page, backend.url);
      // worker 0.4.0 went on to dev and pp by itself; prod is back at 0.2.0, locked
      await cellShows(page, 'worker', 'pp', '0.4.0', 'Clean', 15_000);
      await cellShows(page, 'worker', 'prod', '0.2.0', 'Clean', 5_000);
      await cellOf(page, 'worker', 'prod').getByTestId('lock').waitFor({ timeout: 3000 });
      const { body: state } = await api(backend.url, 'GET', 'api/state');
      assert(state.resources.find(r => r.name === 'worker').environments.prod.lock?.locked, 'api/state: worker is locked in prod');
      await page.setViewportSize({ width: 1280, height: 400 }); // the board without empty space below (README)
      await page.screenshot({ path: join(artifacts, 'board.png') });
    },
  },
  {
    name: 'system: approving the pending prod transition in the UI lets the transitioner promote exactly those moves',
    async fn({ page, backend }) {
      const { body: state } = await api(backend.url, 'GET', 'api/state');
      const t = state.transitions.find(x => x.name === 'to-prod');
      assert(t?.manual && t.pending?.length, `to-prod waits for an approval: ${JSON.stringify(t)}`);
      await page.goto(`${backend.url}#/approvals`);
      const item = page.locator('li[data-transition="to-prod"]');
      await item.waitFor({ timeout: 5000 });
      const before = head(backend.repo);
      const request = page.waitForRequest(r => r.method() === 'POST' && r.url().endsWith('/api/approvals'));
      await item.getByRole('button', { name: 'Approve' }).click();
      const body = (await request).postDataJSON();
      const expected = Object.fromEntries(t.pending.map(m => [m.resource, m.to]));
      assert(body.transition === 'to-prod' && JSON.stringify(body.versions) === JSON.stringify(expected), `body ${JSON.stringify(body)} for ${JSON.stringify(expected)}`);
      await commitTouching(backend.repo, before, ['transition_state.yaml'], 'DM-Action: approval');
      const promoted = await until(
        () => commitsSince(backend.repo, before).find(c => c.body.includes('DM-Action: transition') && c.body.includes('DM-Transition: to-prod')),
        15_000, 'the transitioner promoted nothing after the approval');
      console.log(`  ${promoted.subject}: ${promoted.files.join(', ')}`);
      for (const [resource, version] of Object.entries(expected)) {
        assert(promoted.files.includes(`prod/version/${resource}.yaml`), `the promotion commit touches prod/version/${resource}.yaml: ${promoted.files}`);
        assert(fileAt(backend.repo, `prod/version/${resource}.yaml`).includes(version), `prod runs ${resource} ${version}`);
      }
      await page.goto(backend.url);
      for (const [resource, version] of Object.entries(expected)) await cellShows(page, resource, 'prod', version, 'Clean', 15_000);
    },
  },
];
