// A small stand-in for the aggregator (issue 6) for the UI's e2e tests: serves ui/dist with SPA fallback, the read
// endpoints in the contract's shapes, an SSE stream tests can push into, and the write endpoints (recorded, applied to
// the state and announced on the stream like the real aggregator does). Control endpoints live under /__mock/.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seed } from './fixtures.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.png': 'image/png', '.ico': 'image/x-icon' };

export async function startMockServer({ port = 0, host = '127.0.0.1', resources = 12, environments, dist = resolve(here, '..', 'dist') } = {}) {
  let world = seed({ resources, environments });
  let state = buildState(world);
  const requests = [];
  const streams = new Set();
  const events = []; // { id, type, data }
  let nextId = 1;
  let refuseStreamsUntil = 0;
  const healthyNotifications = () => ({ receivers: [{ name: 'team-chat', type: 'slack', failing: false, queued: 0, sent: 0, failed: 0, dropped: 0 }], deliveries: [], errors: [] });
  let notifications = healthyNotifications();

  function buildState(w) {
    return {
      revision: w.history[w.history.length - 1].commit,
      generatedAt: new Date().toISOString(),
      environments: w.envViews,
      resources: w.names.map(name => ({ name, environments: w.cells[name] })),
      transitions: w.transitions,
      deployer: { configured: true, available: true, checkedAt: new Date().toISOString() },
      transitioner: { configured: true, available: true, checkedAt: new Date().toISOString() },
      errors: [],
    };
  }

  function publish(type, data) {
    const e = { id: nextId++, type, data };
    events.push(e);
    if (events.length > 1000) events.shift();
    const text = frame(e);
    for (const res of streams) res.write(text);
  }
  const frame = e => `id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(e.data)}\n\n`;

  /** Applies an event to the served state, so a reload agrees with what the stream said. */
  function apply(type, data) {
    if (type === 'resource') {
      let row = state.resources.find(r => r.name === data.resource);
      if (!row) {
        row = { name: data.resource, environments: {} };
        state.resources.push(row);
        state.resources.sort((a, b) => (a.name < b.name ? -1 : 1));
        world.names = state.resources.map(r => r.name);
        world.cells[data.resource] = row.environments;
      }
      if (data.cell) row.environments[data.environment] = data.cell;
      else delete row.environments[data.environment];
    } else if (type === 'environment') {
      state.environments = state.environments.map(e => (e.name === data.environment.name ? data.environment : e));
    } else if (type === 'transition') {
      state.transitions = state.transitions.map(t => (t.name === data.transition.name ? data.transition : t));
    } else if (type === 'head') {
      state.revision = data.revision;
    }
  }

  function emit(type, data) {
    apply(type, data);
    publish(type, data);
  }

  function commit(ev) {
    const id = world.nextCommit();
    const e = { id, commit: id, time: world.tick(), author: 'operator', moves: [], ...ev };
    world.history.push(e);
    emit('head', { revision: e.commit });
    publish('history', e);
    return e.commit;
  }

  const send = (res, status, body, type = 'application/json') => {
    res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
    res.end(body === undefined ? '' : JSON.stringify(body));
  };
  const problem = (res, status, title, detail) => send(res, status, { type: 'about:blank', title, status, detail }, 'application/problem+json');

  async function body(req) {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const text = Buffer.concat(chunks).toString('utf8');
    if (!text) return undefined;
    return JSON.parse(text);
  }
  const unknownField = (b, allowed) => Object.keys(b ?? {}).find(k => !allowed.includes(k));
  const lockOf = reasons => (reasons.length ? { locked: reasons.some(r => !r.expired), reasons } : undefined);
  const envView = name => state.environments.find(e => e.name === name);
  const isLocked = (env, resource) => !!(envView(env)?.lock?.locked || state.resources.find(r => r.name === resource)?.environments[env]?.lock?.locked);

  async function handleApi(req, res, url) {
    const path = url.pathname.replace(/^\/api\//, '');
    const parts = path.split('/').map(decodeURIComponent);
    const method = req.method;
    if (method === 'GET' && path === 'state') return send(res, 200, { ...state, generatedAt: new Date().toISOString() });
    if (method === 'GET' && path === 'status') return send(res, 200, { ready: true, revision: state.revision, historyEvents: world.history.length, lastEventId: nextId - 1, repoErrors: 0 });
    if (method === 'GET' && path === 'events') return stream(req, res, url);
    if (method === 'GET' && path === 'notifications') return send(res, 200, notifications);
    if (method === 'GET' && path === 'history') {
      const q = url.searchParams;
      const limit = q.has('limit') ? Number(q.get('limit')) : 50;
      if (!Number.isInteger(limit) || limit < 1 || limit > 500) return problem(res, 400, 'InvalidRequest', "'limit' must be a whole number from 1 to 500.");
      const env = q.get('env'), resource = q.get('resource'), kind = q.get('kind'), before = q.get('before');
      let list = world.history.slice().reverse();
      if (before) {
        const i = list.findIndex(e => e.commit === before);
        if (i < 0) return problem(res, 400, 'InvalidRequest', `'before' "${before}" is not a commit of the history; pass the 'next' value of a previous page.`);
        list = list.slice(i + 1);
      }
      list = list.filter(e => (!kind || e.kind === kind) && (!env || e.environment === env || e.source === env) && (!resource || e.resource === resource || e.moves.some(m => m.resource === resource)));
      const page = list.slice(0, limit);
      return send(res, 200, { events: page, ...(list.length > limit ? { next: page[page.length - 1].commit } : {}) });
    }
    if (method === 'GET' && parts[0] === 'resources' && parts.length === 2) {
      const name = parts[1];
      const row = state.resources.find(r => r.name === name);
      const evs = world.history.filter(e => e.moves.some(m => m.resource === name));
      if (!row && !evs.length) return problem(res, 404, 'NotFound', `Resource "${name}" is in no environment and in no commit of the history.`);
      const versions = new Map();
      for (const e of evs) {
        for (const m of e.moves.filter(m => m.resource === name)) {
          if (!versions.has(m.to)) versions.set(m.to, { version: m.to, commit: e.commit, time: e.time, author: e.author, environments: {} });
          const v = versions.get(m.to);
          if (e.kind === 'new-version' && !v.changelog && e.changelog) v.changelog = e.changelog;
          if (e.environment && !v.environments[e.environment]) v.environments[e.environment] = { time: e.time, commit: e.commit, kind: e.kind };
        }
      }
      return send(res, 200, { name, environments: row?.environments ?? {}, versions: [...versions.values()].reverse() });
    }

    // writes
    let b;
    try {
      b = await body(req);
    } catch (e) {
      return problem(res, 400, 'InvalidRequest', `The body is not JSON: ${e.message}`);
    }
    requests.push({ method, path: `/api/${path}`, body: b, time: Date.now() });
    if (fail) {
      const f = fail;
      fail = undefined;
      return problem(res, f.status ?? 500, f.title ?? 'Injected', f.detail ?? 'injected failure');
    }
    if (parts[0] === 'locks' && (parts.length === 2 || parts.length === 3) && (method === 'PUT' || method === 'DELETE')) {
      const [, env, resource] = parts;
      const bad = unknownField(b, ['reason', 'expires']);
      if (bad) return problem(res, 400, 'InvalidRequest', `'${bad}' is not a field of this request.`);
      if (!envView(env)) return problem(res, 404, 'NotFound', `Environment "${env}" is not in the repo.`);
      if (resource && !state.resources.some(r => r.name === resource)) return problem(res, 404, 'NotFound', `Resource "${resource}" is not in "${env}".`);
      if (method === 'PUT') {
        if (!b?.reason?.trim()) return problem(res, 400, 'InvalidRequest', "'reason' is required.");
        if (b.expires && Date.parse(b.expires) <= Date.now()) return problem(res, 400, 'InvalidRequest', `'expires' ${b.expires} is not in the future.`);
      }
      const reason = method === 'PUT' ? { reason: b.reason.trim(), by: 'operator', at: new Date().toISOString(), ...(b.expires ? { expires: b.expires } : {}), expired: false } : undefined;
      if (resource) {
        const row = state.resources.find(r => r.name === resource);
        const cell = { ...(row.environments[env] ?? { broken: false }) };
        const reasons = reason ? [...(cell.lock?.reasons ?? []), reason] : [];
        if (reasons.length) cell.lock = lockOf(reasons); else delete cell.lock;
        emit('resource', { resource, environment: env, cell });
      } else {
        const view = { ...envView(env) };
        const reasons = reason ? [...(view.lock?.reasons ?? []), reason] : [];
        if (reasons.length) view.lock = lockOf(reasons); else delete view.lock;
        emit('environment', { environment: view });
      }
      const id = commit({ kind: method === 'PUT' ? 'lock' : 'unlock', subject: `${method === 'PUT' ? 'Lock' : 'Unlock'} ${resource ? `${resource} in ` : ''}${env}`, environment: env, resource, changelog: b?.reason, by: 'operator' });
      return send(res, 200, { commit: id, changed: true });
    }
    if (method === 'POST' && path === 'versions') {
      const bad = unknownField(b, ['resource', 'version', 'fields', 'changelog', 'env']);
      if (bad) return problem(res, 400, 'InvalidRequest', `'${bad}' is not a field of this request.`);
      if (!b?.resource || !b?.version) return problem(res, 400, 'InvalidRequest', "'resource' and 'version' are required.");
      const env = b.env ?? state.environments[0].name;
      const row = state.resources.find(r => r.name === b.resource);
      const old = row?.environments[env];
      if (old?.version === b.version) return send(res, 200, { commit: state.revision, changed: false });
      emit('resource', { resource: b.resource, environment: env, cell: { ...(old ?? { broken: false }), version: b.version } });
      const id = commit({ kind: 'new-version', subject: `New version ${b.resource} ${b.version}`, environment: env, resource: b.resource, version: b.version, moves: [{ resource: b.resource, from: old?.version, to: b.version }], changelog: b.changelog });
      return send(res, 201, { commit: id, changed: true });
    }
    if (method === 'POST' && (path === 'promotions' || path === 'rollbacks')) {
      const rollback = path === 'rollbacks';
      const bad = unknownField(b, rollback ? ['resource', 'env', 'version', 'reason'] : ['resource', 'version', 'env', 'reason', 'force']);
      if (bad) return problem(res, 400, 'InvalidRequest', `'${bad}' is not a field of this request.`);
      const row = state.resources.find(r => r.name === b?.resource);
      if (!row) return problem(res, 404, 'NotFound', `'resource' "${b?.resource}" is not in the repo.`);
      if (!envView(b.env)) return problem(res, 404, 'NotFound', `'env' "${b.env}" is not in the repo.`);
      if (rollback && !b.reason?.trim()) return problem(res, 400, 'InvalidRequest', "'reason' is required.");
      const old = row.environments[b.env];
      const known = world.history.filter(e => e.moves.some(m => m.resource === b.resource)).flatMap(e => e.moves.filter(m => m.resource === b.resource).map(m => m.to));
      let version = b.version;
      if (rollback && !version) {
        const entered = world.history.filter(e => e.environment === b.env).flatMap(e => e.moves.filter(m => m.resource === b.resource).map(m => m.to));
        version = [...entered].reverse().find(v => v !== old?.version);
        if (!version) return problem(res, 409, 'NoPreviousVersion', `The history has no version of "${b.resource}" in "${b.env}" before ${old?.version ?? 'the current one'}; name one in 'version'.`);
      }
      if (!known.includes(version)) return problem(res, 404, 'VersionNotFound', `'version' "${version}" of resource "${b.resource}" is in no environment and in no commit of the history.`);
      if (!rollback && isLocked(b.env, b.resource) && !b.force) {
        return problem(res, 409, 'TargetLocked', `"${b.env}" is locked (${[...(envView(b.env).lock?.reasons ?? []), ...(old?.lock?.reasons ?? [])].map(r => r.reason).join('; ')}); pass "force": true to promote anyway.`);
      }
      const cell = { ...(old ?? { broken: false }), version, ...(envView(b.env).deployed ? { state: 'Progressing', reason: 'RolloutInProgress', rolloutStartedAt: new Date().toISOString(), expectedRolloutSeconds: 30 } : {}) };
      if (rollback) cell.lock = lockOf([...(old?.lock?.reasons ?? []), { reason: b.reason.trim(), by: 'operator', at: new Date().toISOString(), expired: false }]);
      emit('resource', { resource: b.resource, environment: b.env, cell });
      const id = commit({ kind: rollback ? 'rollback' : 'promotion', subject: `${rollback ? 'Roll back' : 'Promote'} ${b.resource} ${version} to ${b.env}`, environment: b.env, resource: b.resource, version, moves: [{ resource: b.resource, from: old?.version, to: version }], changelog: b.reason, by: 'operator' });
      return send(res, 200, { commit: id, changed: true });
    }
    if (method === 'POST' && path === 'approvals') {
      const bad = unknownField(b, ['transition', 'versions', 'reason']);
      if (bad) return problem(res, 400, 'InvalidRequest', `'${bad}' is not a field of this request.`);
      const t = state.transitions.find(x => x.name === b?.transition);
      if (!t) return problem(res, 404, 'NotFound', `'transition' "${b?.transition}" is not in transitions.yaml.`);
      if (!t.pending?.length) return problem(res, 409, 'NothingToApprove', `Transition "${t.name}" has no pending moves to approve.`);
      const approval = { by: 'operator', at: new Date().toISOString(), ...(b.reason ? { reason: b.reason } : {}), versions: b.versions ?? Object.fromEntries(t.pending.map(m => [m.resource, m.to])) };
      emit('transition', { transition: { ...t, approval } });
      const id = commit({ kind: 'approval', subject: `Approve ${t.name}`, transition: t.name, environment: t.target, source: t.source, changelog: b.reason, by: 'operator' });
      return send(res, 200, { commit: id, changed: true });
    }
    return problem(res, 404, 'NotFound', `No endpoint ${method} /api/${path}.`);
  }

  function stream(req, res, url) {
    if (Date.now() < refuseStreamsUntil) return problem(res, 503, 'Unavailable', 'the stream is down (mock)');
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', 'X-Accel-Buffering': 'no' });
    res.write('retry: 500\n: connected\n\n');
    const last = Number(req.headers['last-event-id'] ?? url.searchParams.get('lastEventId') ?? NaN);
    if (Number.isFinite(last)) for (const e of events.filter(e => e.id > last)) res.write(frame(e));
    streams.add(res);
    const beat = setInterval(() => res.write(': heartbeat\n\n'), 15000);
    req.on('close', () => {
      clearInterval(beat);
      streams.delete(res);
    });
  }

  let fail;
  async function handleMock(req, res, url) {
    const b = req.method === 'POST' ? await body(req) : undefined;
    switch (url.pathname) {
      case '/__mock/push': // { type, data } or [{ type, data }]
        for (const e of Array.isArray(b) ? b : [b]) emit(e.type, e.data);
        return send(res, 200, { lastEventId: nextId - 1 });
      case '/__mock/requests':
        return send(res, 200, requests);
      case '/__mock/fail-next': // { status, title, detail }
        fail = b;
        return send(res, 200, {});
      case '/__mock/drop-streams': // { refuseMs }: close every stream, refuse new ones for a while
        refuseStreamsUntil = Date.now() + (b?.refuseMs ?? 0);
        for (const s of streams) s.destroy();
        streams.clear();
        return send(res, 200, {});
      case '/__mock/notifications': // the body GET api/notifications answers from now on
        notifications = b;
        return send(res, 200, {});
      case '/__mock/reset':
        notifications = healthyNotifications();
        world = seed({ resources, environments });
        state = buildState(world);
        requests.length = 0;
        return send(res, 200, {});
      default:
        return send(res, 404, {});
    }
  }

  async function serveStatic(req, res, url) {
    const rel = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
    let file = join(dist, rel);
    if (!file.startsWith(dist)) return send(res, 403, {});
    try {
      if (!(await stat(file)).isFile()) file = join(dist, 'index.html');
    } catch {
      file = join(dist, 'index.html'); // SPA fallback
    }
    try {
      const data = await readFile(file);
      res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
      res.end(data);
    } catch {
      send(res, 404, { detail: `no ${file}; run npm run build` });
    }
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const p = url.pathname.startsWith('/api/') ? handleApi(req, res, url) : url.pathname.startsWith('/__mock/') ? handleMock(req, res, url) : serveStatic(req, res, url);
    p.catch(e => {
      if (!res.headersSent) problem(res, 500, 'MockError', String(e?.stack ?? e));
    });
  });
  await new Promise(r => server.listen(port, host, r));
  const address = server.address();
  return {
    url: `http://${host}:${address.port}/`,
    requests,
    push: emit,
    close: () =>
      new Promise(r => {
        for (const s of streams) s.destroy();
        server.close(r);
        server.closeAllConnections?.();
      }),
  };
}

// node e2e/mock-server.mjs [--port 5080] [--resources 12]: run it by hand (e.g. behind `npm run dev`).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (n, d) => {
    const i = process.argv.indexOf(n);
    return i > 0 ? process.argv[i + 1] : d;
  };
  const m = await startMockServer({ port: Number(arg('--port', 5080)), resources: Number(arg('--resources', 12)) });
  console.log(`mock aggregator on ${m.url}`);
}
