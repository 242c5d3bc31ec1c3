// Seed data for the mock API, in the exact shapes of the aggregator's contract (see src/api/types.ts).

const sha = n => {
  let h = BigInt(n) * 0x9e3779b97f4a7c15n + 0x1234567n;
  let s = '';
  while (s.length < 40) {
    h = (h * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
    s += h.toString(16).padStart(16, '0');
  }
  return s.slice(0, 40);
};

/**
 * A repo-like world: environments in promotion order, resources with a version history, locks and transitions.
 * Versions: resource i has versions 1..(3 + i % 3); the first environment runs the newest, later ones lag.
 */
export function seed({ resources = 12, environments = ['latest', 'dev', 'pp', 'prod'], start = Date.parse('2026-11-01T08:00:00Z') } = {}) {
  let clock = start;
  let commitNo = 1;
  const history = []; // oldest first
  const tick = () => new Date((clock += 60_000)).toISOString();
  const commit = ev => {
    const id = sha(commitNo++);
    const e = { id, commit: id, time: tick(), author: 'DM Aggregator', moves: [], ...ev };
    history.push(e);
    return e;
  };
  const names = Array.from({ length: resources }, (_, i) => `svc-${String(i + 1).padStart(Math.max(2, String(resources).length), '0')}`);
  const versionsOf = {};
  const cells = {};
  for (const [i, name] of names.entries()) {
    const count = 3 + (i % 3);
    versionsOf[name] = [];
    cells[name] = {};
    for (let v = 1; v <= count; v++) {
      const version = `1.${v}.${i % 7}`;
      versionsOf[name].push(version);
      commit({ kind: 'new-version', subject: `New version ${name} ${version}`, environment: environments[0], resource: name, version,
        moves: [{ resource: name, from: v > 1 ? versionsOf[name][v - 2] : undefined, to: version }], changelog: `- change ${v} of ${name}\n- fix #${100 + v}` });
    }
    environments.forEach((env, k) => {
      const lag = Math.min(k, count - 1) * (i % 4 === 0 ? 0 : 1);
      const version = versionsOf[name][count - 1 - Math.min(lag, count - 1)];
      if (k > 0) {
        const older = versionsOf[name][count - 2 - Math.min(lag, count - 1)];
        if (older) {
          // an earlier promotion, so every environment has a version to roll back to
          commit({ kind: 'transition', subject: `Promote ${environments[k - 1]} → ${env}`, environment: env, source: environments[k - 1], transition: `${environments[k - 1]}-to-${env}`,
            author: 'DM Transitioner', moves: [{ resource: name, to: older }], changelog: `${name}: → ${older}` });
        }
        commit({ kind: 'transition', subject: `Promote ${environments[k - 1]} → ${env}`, environment: env, source: environments[k - 1], transition: `${environments[k - 1]}-to-${env}`,
          author: 'DM Transitioner', moves: [{ resource: name, to: version }], changelog: `${name}: → ${version}` });
      }
      cells[name][env] = { version, broken: false, ...(k === 0 ? {} : { deployedVersion: version, state: 'Healthy' }) };
    });
  }
  // a few interesting states
  const at = (i, env) => cells[names[i % names.length]][env];
  const last = environments[environments.length - 1];
  const second = environments[1];
  // rollouts in progress: one on time (a third of its usual 60 s), one overdue (150 s of a usual 90 s); times are real
  // time so the bars move
  const now = Date.now();
  Object.assign(at(1, second), { state: 'Progressing', reason: 'RolloutInProgress', message: 'deployment/svc: 1 of 3 replicas updated',
    rolloutStartedAt: new Date(now - 20_000).toISOString(), expectedRolloutSeconds: 60 });
  Object.assign(at(6, second), { state: 'Progressing', reason: 'RolloutInProgress', message: 'deployment/svc: 0 of 2 replicas ready',
    rolloutStartedAt: new Date(now - 150_000).toISOString(), expectedRolloutSeconds: 90 });
  Object.assign(at(2, second), { state: 'Failed', reason: 'ProgressDeadlineExceeded', message: 'deployment/svc exceeded its progress deadline (image reg/svc:fail)' });
  Object.assign(at(3, last), { state: 'Pending', reason: 'NotYetApplied', deployedVersion: '0.9.0' });
  at(5, last).lock = { locked: true, reasons: [{ reason: 'waiting for DB migration', by: 'alice', at: new Date(start).toISOString(), expired: false }] };

  const envViews = environments.map((name, k) => ({
    name, deployed: k > 0, ...(k > 0 ? { state: name === second ? 'Failed' : 'Clean', revision: sha(commitNo), healthyRevision: sha(commitNo), lastReconciledAt: new Date(clock).toISOString() } : {}),
    ...(name === second ? { reason: 'ProgressDeadlineExceeded', message: '1 resource failed' } : {}),
  }));
  const transitions = environments.slice(1).map((target, k) => {
    const source = environments[k];
    const pending = names
      .filter(n => cells[n][source]?.version !== cells[n][target]?.version)
      .slice(0, 50)
      .map(n => ({ resource: n, from: cells[n][target]?.version, to: cells[n][source].version }));
    const manual = target === last;
    const t = { name: `${source}-to-${target}`, source, target, manual, pending,
      lastRun: { time: new Date(clock).toISOString(), result: pending.length ? 'Blocked' : 'NoChange', message: pending.length ? `${source} is not Clean` : 'source and target agree' } };
    if (manual) {
      t.schedule = '0 0 9 ? * MON-FRI';
      t.nextScheduled = new Date(clock + 3600_000).toISOString();
      if (pending.length) Object.assign(t.lastRun, { reason: 'AwaitingApproval', message: 'waiting for an operator to approve' });
    } else if (pending.length) {
      t.lastRun.reason = source === second ? 'SourceFailed' : 'SourceProgressing';
    }
    return t;
  });
  return { names, environments, cells, envViews, transitions, history, versionsOf, nextCommit: () => sha(commitNo++), tick };
}
