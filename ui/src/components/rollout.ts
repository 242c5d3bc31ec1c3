/** How far a rollout has come against its expected duration. */
export interface RolloutProgress {
  /** 0..95: the bar's width in percent (capped below 100 until the deployer reports the rollout done). */
  percent: number;
  elapsedSeconds: number;
  expectedSeconds: number;
  overdue: boolean;
}

/** Bar width stops here while a rollout takes longer than expected. */
export const OVERDUE_CAP = 95;

/** Pure: the progress of a rollout started at `startedAt` (ISO) expected to take `expectedSeconds`, at `now` (ms); null when either is missing. */
export function rolloutProgress(startedAt: string | undefined, expectedSeconds: number | undefined, now: number): RolloutProgress | null {
  if (!startedAt || expectedSeconds === undefined || !(expectedSeconds > 0)) return null;
  const start = Date.parse(startedAt);
  if (Number.isNaN(start)) return null;
  const elapsedSeconds = Math.max(0, (now - start) / 1000);
  const overdue = elapsedSeconds >= expectedSeconds;
  const percent = Math.min(OVERDUE_CAP, (elapsedSeconds / expectedSeconds) * 100);
  return { percent, elapsedSeconds, expectedSeconds, overdue };
}

export function fmtSeconds(s: number): string {
  const r = Math.round(s);
  if (r < 60) return `${r} s`;
  return r % 60 === 0 ? `${r / 60} min` : `${Math.floor(r / 60)} min ${String(r % 60).padStart(2, '0')} s`;
}
