import { describe, expect, it } from 'vitest';
import { fmtSeconds, rolloutProgress } from './rollout';

const at = (iso: string) => Date.parse(iso);

describe('rolloutProgress', () => {
  it('reads the aggregator\'s timestamps (7 fractional digits, offset) and divides elapsed by expected', () => {
    const p = rolloutProgress('2026-11-22T02:05:40.6158322+00:00', 20, at('2026-11-22T02:05:45.6158Z'))!;
    expect(p.percent).toBeCloseTo(25, 1);
    expect(p.overdue).toBe(false);
  });

  it('is null without a start or an expected duration, or with a nonsense one', () => {
    expect(rolloutProgress(undefined, 20, 0)).toBeNull();
    expect(rolloutProgress('2026-11-22T02:05:40Z', undefined, 0)).toBeNull();
    expect(rolloutProgress('2026-11-22T02:05:40Z', 0, 0)).toBeNull();
    expect(rolloutProgress('not a time', 20, 0)).toBeNull();
  });

  it('starts at 0 when the browser clock is behind the server', () => {
    expect(rolloutProgress('2026-11-22T02:05:40Z', 20, at('2026-11-22T02:05:38Z'))!.percent).toBe(0);
  });

  it('caps at 95 % once overdue', () => {
    const p = rolloutProgress('2026-11-22T02:05:40Z', 20, at('2026-11-22T02:06:40Z'))!;
    expect(p).toMatchObject({ percent: 95, overdue: true, elapsedSeconds: 60 });
  });

  it('formats seconds for the tooltip', () => {
    expect([fmtSeconds(4.4), fmtSeconds(60), fmtSeconds(95)]).toEqual(['4 s', '1 min', '1 min 35 s']);
  });
});
