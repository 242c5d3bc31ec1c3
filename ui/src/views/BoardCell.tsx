import { memo } from 'react';
import type { ResourceCell } from '../api/types';
import { HealthBadge } from '../components/Badge';
import { LockIcon } from '../components/LockIcon';
import { cellHealth, healthTitle, rolloutOf, type PendingInfo } from '../components/health';

/** One resource in one environment: version, health badge, lock, pending promotion. */
export const BoardCell = memo(function BoardCell({
  cell, deployed, pending,
}: { cell?: ResourceCell; deployed: boolean; pending?: PendingInfo }) {
  const health = cellHealth(cell, deployed);
  return (
    <div className="cell" role="gridcell" data-health={health}>
      <span className="version">{cell?.version ?? (cell?.deployedVersion ? `(${cell.deployedVersion})` : '·')}</span>
      {cell && health !== 'None' && <HealthBadge health={health} title={healthTitle(cell, health)} rollout={rolloutOf(cell)} />}
      {cell?.broken && health === 'None' && <HealthBadge health="Failed" title={healthTitle(cell, 'Failed')} />}
      <LockIcon lock={cell?.lock} />
      {pending && (
        <span
          className="pending"
          data-testid="pending"
          title={`${pending.transition}: ${pending.move.from ?? 'none'} → ${pending.move.to} from ${pending.source}. Waits — ${pending.why}`}
          aria-label={`pending ${pending.move.to}: ${pending.why}`}
        >
          ⇢ {pending.move.to}
        </span>
      )}
    </div>
  );
});
