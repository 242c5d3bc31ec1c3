import type { EnvironmentView, LockView, ResourceCell, TransitionView, PendingMove } from '../api/types';

export type Health = 'Clean' | 'Progressing' | 'Failed' | 'Outdated' | 'Unknown' | 'None';

/** Pure: the badge a cell shows. `None`: the environment has no deployer (or the resource is not there). */
export function cellHealth(cell: ResourceCell | undefined, deployed: boolean): Health {
  if (!cell || (!cell.version && !cell.deployedVersion)) return 'None';
  if (cell.broken) return 'Failed';
  if (!deployed) return 'None';
  switch (cell.state) {
    case 'Healthy':
      return cell.version && cell.deployedVersion && cell.version !== cell.deployedVersion ? 'Outdated' : 'Clean';
    case 'Progressing':
      return 'Progressing';
    case 'Failed':
      return 'Failed';
    case 'Pending':
      return 'Outdated';
    default:
      return 'Unknown';
  }
}

/** The cell's rollout timing for the Progressing bar (undefined fields: indeterminate bar). */
export function rolloutOf(cell: ResourceCell): { startedAt?: string; expectedSeconds?: number } | undefined {
  return cell.rolloutStartedAt || cell.expectedRolloutSeconds !== undefined
    ? { startedAt: cell.rolloutStartedAt, expectedSeconds: cell.expectedRolloutSeconds }
    : undefined;
}

export function healthTitle(cell: ResourceCell | undefined, health: Health): string {
  if (!cell) return '';
  const parts = [health === 'None' ? 'not deployed by DM' : health];
  if (cell.reason) parts.push(cell.reason);
  if (cell.message) parts.push(cell.message);
  else if (cell.broken) parts.push('the version file is broken');
  if (cell.deployedVersion && cell.deployedVersion !== cell.version) parts.push(`running ${cell.deployedVersion}`);
  return parts.join(' — ');
}

export function lockTitle(lock: LockView | undefined): string {
  if (!lock) return '';
  return lock.reasons
    .map(r => `${r.expired ? '(expired) ' : ''}${r.reason}${r.by ? ` — ${r.by}` : ''}${r.at ? `, ${fmtTime(r.at)}` : ''}${r.expires ? `, until ${fmtTime(r.expires)}` : ''}`)
    .join('\n');
}

export function fmtTime(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export interface PendingInfo {
  transition: string;
  source: string;
  move: PendingMove;
  why: string;
}

export function pendingWhy(t: TransitionView, targetLocked: boolean): string {
  if (t.lastRun?.result === 'Blocked' || t.lastRun?.result === 'Error') {
    return `${t.lastRun.reason ?? t.lastRun.result}: ${t.lastRun.message}`;
  }
  if (targetLocked) return `TargetLocked: ${t.target} is locked`;
  if (t.manual && !t.approval) return 'AwaitingApproval: needs a manual approval';
  if (t.nextScheduled) return `Scheduled: next run ${fmtTime(t.nextScheduled)}`;
  return t.lastRun?.message ?? 'waiting for the transitioner';
}

/** Pure: resource → target environment → the pending move into it and why it waits. */
export function pendingIndex(transitions: TransitionView[], environments: EnvironmentView[]): Map<string, Map<string, PendingInfo>> {
  const index = new Map<string, Map<string, PendingInfo>>();
  for (const t of transitions) {
    const locked = environments.find(e => e.name === t.target)?.lock?.locked ?? false;
    const why = pendingWhy(t, locked);
    for (const move of t.pending ?? []) {
      let byEnv = index.get(move.resource);
      if (!byEnv) index.set(move.resource, (byEnv = new Map()));
      if (!byEnv.has(t.target)) byEnv.set(t.target, { transition: t.name, source: t.source, move, why });
    }
  }
  return index;
}

/** Pure: whether a resource's versions differ between the environments (or it is missing in some). */
export function differs(environments: Record<string, ResourceCell>, envNames: string[]): boolean {
  let first: string | undefined | null = null;
  for (const name of envNames) {
    const v = environments[name]?.version;
    if (first === null) first = v;
    else if (v !== first) return true;
  }
  return false;
}
