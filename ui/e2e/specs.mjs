// End-to-end specs. They read names from GET api/state, so they run against the mock API or a real aggregator.
import { join } from 'node:path';
import { api, artifacts, assert } from './harness.mjs';

async function world(base) {
  const { body } = await api(base, 'GET', 'api/state');
  const envs = body.environments.map(e => e.name);
  return { state: body, envs, prod: envs[envs.length - 1], first: envs[0] };
}

async function openBoard(page, base) {
  await page.goto(base);
  await page.waitForSelector('[data-testid="board"] [data-resource]');
}

/** Waits until a lock dialog (or any) request matching method and path is sent; returns its JSON body. */
function nextRequest(page, method, pathEnd) {
  return page.waitForRequest(r => r.method() === method && new URL(r.url()).pathname.endsWith(pathEnd), { timeout: 5000 });
}

/** Screenshot names: `mock-…` on the mock API, so they do not overwrite the real system's board.png / resource.png. */
const shot = (backend, name) => (backend.mock ? `mock-${name}` : `aggregator-${name}`);

const cellOf = (page, resource, env, envs) =>
  page.locator(`[data-resource="${resource}"] .cell`).nth(envs.indexOf(env));

export const specs = [
  {
    name: 'the board shows the seeded environments and resources',
    async fn({ page, backend }) {
      const { envs, state } = await world(backend.url);
      await openBoard(page, backend.url);
      const headers = await page.locator('.env-header .env-name').allTextContents();
      assert(JSON.stringify(headers) === JSON.stringify(envs), `headers ${headers} = ${envs}`);
      const rows = await page.locator('[data-resource]').count();
      assert(rows === state.resources.length, `${rows} rows for ${state.resources.length} resources`);
      const r = state.resources[0];
      const text = await cellOf(page, r.name, envs[0], envs).textContent();
      assert(text.includes(r.environments[envs[0]]?.version ?? '·'), `cell shows ${r.environments[envs[0]]?.version}: ${text}`);
      await page.waitForSelector('[data-testid="connection"]:has-text("live")');
      await page.screenshot({ path: join(artifacts, shot(backend, 'board.png')), fullPage: false });
    },
  },
  {
    name: 'a version posted through the API appears in the board within 2 s without reload',
    async fn({ page, backend }) {
      const { envs, state, first } = await world(backend.url);
      await openBoard(page, backend.url);
      await page.waitForSelector('[data-testid="connection"]:has-text("live")');
      await page.evaluate(() => (window.__noReload = true));
      const resource = state.resources[0].name;
      const version = `e2e-${Date.now()}`;
      const started = Date.now();
      const posted = await api(backend.url, 'POST', 'api/versions', { resource, version, changelog: 'e2e live update', env: first });
      assert(posted.status === 201, `POST api/versions answered ${posted.status} ${JSON.stringify(posted.body)}`);
      await cellOf(page, resource, first, envs).filter({ hasText: version }).waitFor({ timeout: 2000 });
      const took = Date.now() - started;
      assert(await page.evaluate(() => window.__noReload === true), 'the page did not reload');
      console.log(`  live update visible after ${took} ms`);
    },
  },
  {
    name: 'locking prod in the UI sends PUT api/locks/prod and the board shows the lock',
    async fn({ page, backend }) {
      const { prod } = await world(backend.url);
      await openBoard(page, backend.url);
      await page.getByRole('button', { name: `Lock ${prod}`, exact: true }).click();
      await page.getByLabel(/Reason/).fill('e2e release freeze');
      const request = nextRequest(page, 'PUT', `/api/locks/${prod}`);
      await page.getByRole('dialog').getByRole('button', { name: 'Lock', exact: true }).click();
      const body = (await request).postDataJSON();
      assert(body.reason === 'e2e release freeze' && Object.keys(body).length === 1, `body ${JSON.stringify(body)}`);
      await page.getByRole('button', { name: `Unlock ${prod}`, exact: true }).waitFor({ timeout: 3000 });
      const lockText = await page.locator(`.env-header[data-env="${prod}"] .env-lock`).textContent();
      assert(lockText.includes('e2e release freeze'), `header shows the reason: ${lockText}`);
      // unlock again, so the suite can run twice against one aggregator
      await page.getByRole('button', { name: `Unlock ${prod}`, exact: true }).click();
      const del = nextRequest(page, 'DELETE', `/api/locks/${prod}`);
      await page.getByRole('dialog').getByRole('button', { name: 'Unlock', exact: true }).click();
      await del;
      await page.getByRole('button', { name: `Lock ${prod}`, exact: true }).waitFor({ timeout: 3000 });
    },
  },
  {
    name: 'an API error (4xx problem+json) is shown to the user',
    async fn({ page, backend }) {
      const { prod } = await world(backend.url);
      await openBoard(page, backend.url);
      await page.getByRole('button', { name: `Lock ${prod}`, exact: true }).click();
      await page.getByLabel(/Reason/).fill('e2e expired lock');
      await page.getByLabel(/Expires/).fill('2000-01-01T00:00');
      const response = page.waitForResponse(r => r.request().method() === 'PUT');
      await page.getByRole('dialog').getByRole('button', { name: 'Lock', exact: true }).click();
      const r = await response;
      assert(r.status() === 400, `status ${r.status()}`);
      const detail = (await r.json()).detail;
      const alert = page.getByRole('dialog').getByRole('alert');
      await alert.waitFor();
      const text = await alert.textContent();
      assert(detail && text.includes(detail), `alert "${text}" shows detail "${detail}"`);
    },
  },
  {
    name: 'promote from the resource page sends POST api/promotions',
    async fn({ page, backend }) {
      const { state, envs } = await world(backend.url);
      // a resource whose first environment runs a version the second does not
      const r = state.resources.find(x => x.environments[envs[0]]?.version && x.environments[envs[1]]?.version !== x.environments[envs[0]].version) ?? state.resources[0];
      const version = r.environments[envs[0]].version;
      await page.goto(`${backend.url}#/resource/${r.name}`);
      await page.locator(`li[data-version="${version}"]`).waitFor();
      await page.locator(`li[data-version="${version}"] button.promote`).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Environment').selectOption(envs[1]);
      await dialog.getByLabel('Reason').fill('e2e promote');
      const request = nextRequest(page, 'POST', '/api/promotions');
      const response = page.waitForResponse(x => x.request().method() === 'POST' && x.url().endsWith('/api/promotions'));
      await dialog.getByRole('button', { name: /Promote/ }).last().click();
      const body = (await request).postDataJSON();
      assert(JSON.stringify(body) === JSON.stringify({ resource: r.name, version, env: envs[1], reason: 'e2e promote' }), `body ${JSON.stringify(body)}`);
      assert((await response).ok(), 'promotion accepted');
      await page.locator(`tr[data-env="${envs[1]}"] td.version`).filter({ hasText: version }).waitFor({ timeout: 3000 });
    },
  },
  {
    name: 'promote to a locked target asks to force, then sends force: true',
    async fn({ page, backend }) {
      const { state, envs, prod } = await world(backend.url);
      const r = state.resources.find(x => x.environments[prod]?.lock?.locked && x.environments[envs[0]]?.version !== x.environments[prod]?.version);
      if (!r) return console.log('  (no locked resource in the fixture: skipped)');
      const version = r.environments[envs[0]].version;
      await page.goto(`${backend.url}#/resource/${r.name}`);
      await page.locator(`li[data-version="${version}"] button.promote`).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Environment').selectOption(prod);
      const submit = dialog.getByRole('button', { name: 'Force promote' });
      assert(await submit.isDisabled(), 'force needs a confirmation');
      await dialog.getByRole('checkbox').check();
      const request = nextRequest(page, 'POST', '/api/promotions');
      await submit.click();
      const body = (await request).postDataJSON();
      assert(body.force === true && body.env === prod, `body ${JSON.stringify(body)}`);
    },
  },
  {
    name: 'roll back from the resource page sends POST api/rollbacks and shows the lock',
    async fn({ page, backend }) {
      const { state, prod } = await world(backend.url);
      const r = state.resources.find(x => x.environments[prod]?.version && !x.environments[prod]?.lock) ?? state.resources[0];
      await page.goto(`${backend.url}#/resource/${r.name}`);
      await page.locator('li[data-version]').first().waitFor();
      await page.locator(`tr[data-env="${prod}"]`).getByRole('button', { name: 'Roll back' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Reason').fill('e2e bad release');
      const request = nextRequest(page, 'POST', '/api/rollbacks');
      const response = page.waitForResponse(x => x.request().method() === 'POST' && x.url().endsWith('/api/rollbacks'));
      await dialog.getByRole('button', { name: 'Roll back and lock' }).click();
      const body = (await request).postDataJSON();
      assert(JSON.stringify(body) === JSON.stringify({ resource: r.name, env: prod, reason: 'e2e bad release' }), `body ${JSON.stringify(body)}`);
      const answer = await response;
      assert(answer.ok() || !backend.mock, `the mock accepts the rollback: ${answer.status()}`);
      if (!answer.ok()) {
        // e.g. no previous version in a real repo: the problem must be on screen
        const detail = (await answer.json()).detail;
        await dialog.getByRole('alert').filter({ hasText: detail }).waitFor();
        return;
      }
      await page.locator(`tr[data-env="${prod}"] [data-testid="lock"]`).waitFor({ timeout: 3000 });
      await page.screenshot({ path: join(artifacts, shot(backend, 'resource-rollback.png')), fullPage: true });
    },
  },
  {
    name: 'the resource page shows the version timeline with changelogs',
    async fn({ page, backend }) {
      const { state } = await world(backend.url);
      const r = state.resources[1] ?? state.resources[0];
      const { body } = await api(backend.url, 'GET', `api/resources/${r.name}`);
      await page.goto(`${backend.url}#/resource/${r.name}`);
      if (body.versions.length === 0) {
        await page.getByText('No version in the history.').waitFor();
        return;
      }
      await page.locator('li[data-version]').first().waitFor();
      await page.screenshot({ path: join(artifacts, shot(backend, 'resource.png')), fullPage: true });
      const shown = await page.locator('li[data-version]').evaluateAll(els => els.map(e => e.getAttribute('data-version')));
      assert(JSON.stringify(shown) === JSON.stringify(body.versions.map(v => v.version)), `timeline ${shown}`);
    },
  },
  {
    name: 'history pages with Older / Newer',
    async fn({ page, backend }) {
      await page.goto(`${backend.url}#/history`);
      await page.locator('.events > li[data-kind]').first().waitFor();
      const first = await page.locator('.events > li[data-kind] .subject').first().textContent();
      const older = page.getByRole('button', { name: /Older/ });
      if (await older.isDisabled()) return;
      const request = page.waitForRequest(r => new URL(r.url()).searchParams.has('before'));
      await older.click();
      await request;
      await page.getByText('page 2').waitFor();
      await page.getByRole('button', { name: /Newer/ }).click();
      await page.locator('.events > li[data-kind] .subject').first().filter({ hasText: first }).waitFor();
    },
  },
  {
    name: 'approvals list pending manual transitions and approve sends POST api/approvals',
    async fn({ page, backend }) {
      const { state } = await world(backend.url);
      const t = state.transitions.find(x => x.manual && x.pending?.length && !x.approval);
      if (!t) return console.log('  (no pending manual transition: skipped)');
      await page.goto(`${backend.url}#/approvals`);
      const item = page.locator(`li[data-transition="${t.name}"]`);
      await item.waitFor();
      const request = nextRequest(page, 'POST', '/api/approvals');
      await item.getByRole('button', { name: 'Approve' }).click();
      const body = (await request).postDataJSON();
      assert(body.transition === t.name && Object.keys(body.versions).length === t.pending.length, `body ${JSON.stringify(body)}`);
      await item.getByText(/Approved by/).waitFor({ timeout: 3000 });
    },
  },
  {
    name: 'a failing notification receiver is shown on the board with its error',
    mockOnly: true,
    async fn({ page, backend }) {
      await api(backend.url, 'POST', '__mock/notifications', {
        receivers: [
          { name: 'team-chat', type: 'slack', failing: true, lastError: 'team-chat answered 500 Internal Server Error', queued: 2, sent: 3, failed: 1, dropped: 0 },
          { name: 'audit', type: 'webhook', failing: false, queued: 0, sent: 5, failed: 0, dropped: 0 },
        ],
        deliveries: [],
        errors: [],
      });
      try {
        await openBoard(page, backend.url);
        const banner = page.getByTestId('failing-receivers');
        await banner.waitFor({ timeout: 3000 });
        const text = await banner.textContent();
        assert(text === 'Notifications to team-chat (slack) are failing: team-chat answered 500 Internal Server Error · 2 waiting', `banner: ${text}`);
      } finally {
        await api(backend.url, 'POST', '__mock/notifications', { receivers: [], deliveries: [], errors: [] });
      }
    },
  },
  {
    name: 'a dropped event stream shows "reconnecting", then resumes and applies missed changes',
    mockOnly: true,
    async fn({ page, backend }) {
      const { envs, state, first } = await world(backend.url);
      await openBoard(page, backend.url);
      const conn = page.getByTestId('connection');
      await conn.filter({ hasText: 'live' }).waitFor();
      // one event while live, so the client knows an event id to resume from
      const resource0 = state.resources[1 % state.resources.length].name;
      await api(backend.url, 'POST', '__mock/push', { type: 'resource', data: { resource: resource0, environment: first, cell: { version: 'before-drop', broken: false } } });
      await cellOf(page, resource0, first, envs).filter({ hasText: 'before-drop' }).waitFor({ timeout: 2000 });
      await api(backend.url, 'POST', '__mock/drop-streams', { refuseMs: 1500 });
      await conn.filter({ hasText: 'reconnecting' }).waitFor({ timeout: 3000 });
      const resource = state.resources[2 % state.resources.length].name;
      const version = `while-down-${Date.now()}`;
      await api(backend.url, 'POST', '__mock/push', { type: 'resource', data: { resource, environment: first, cell: { version, broken: false } } });
      await conn.filter({ hasText: 'live' }).waitFor({ timeout: 8000 });
      await cellOf(page, resource, first, envs).filter({ hasText: version }).waitFor({ timeout: 3000 });
    },
  },
  {
    name: 'Progressing cells show a determinate bar from the expected rollout duration, capped when overdue',
    mockOnly: true,
    async fn({ page, backend }) {
      await openBoard(page, backend.url);
      const bars = page.locator('.cell [role="progressbar"].determinate');
      await bars.first().waitFor();
      const read = () => bars.evaluateAll(els => els.map(e => ({
        now: Number(e.getAttribute('aria-valuenow')), overdue: e.getAttribute('data-overdue') === 'true', title: e.getAttribute('title'),
        width: e.firstElementChild.getBoundingClientRect().width / e.getBoundingClientRect().width,
      })));
      const first = await read();
      const onTime = first.find(b => !b.overdue), overdue = first.find(b => b.overdue);
      assert(onTime && onTime.now > 0 && onTime.now < 95 && /^\d+ s of about /.test(onTime.title), `on-time bar ${JSON.stringify(onTime)}`);
      assert(overdue && overdue.now === 95 && /taking longer than usual/.test(overdue.title) && overdue.width > 0.9, `overdue bar ${JSON.stringify(overdue)}`);
      // it advances with the clock, without any event
      await page.waitForFunction(before => {
        const bar = [...document.querySelectorAll('.cell [role="progressbar"].determinate')].find(e => !e.hasAttribute('data-overdue'));
        return Number(bar?.getAttribute('aria-valuenow')) > before;
      }, onTime.now, { timeout: 3000 });
    },
  },
  {
    name: 'theme toggle switches to dark and the board is keyboard reachable',
    async fn({ page, backend }) {
      await openBoard(page, backend.url);
      await page.getByRole('button', { name: /theme/ }).click();
      const theme = await page.evaluate(() => document.documentElement.getAttribute('data-theme'));
      assert(theme === 'dark', `theme ${theme}`);
      await page.screenshot({ path: join(artifacts, shot(backend, 'board-dark.png')) });
      // Tab reaches a lock button
      let reached = false;
      for (let i = 0; i < 20 && !reached; i++) {
        await page.keyboard.press('Tab');
        reached = await page.evaluate(() => document.activeElement?.classList.contains('lock-button') ?? false);
      }
      assert(reached, 'a lock button is reachable with Tab');
      await page.keyboard.press('Enter');
      await page.getByRole('dialog').waitFor();
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });
    },
  },
];
