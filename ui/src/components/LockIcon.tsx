import type { LockView } from '../api/types';
import { lockTitle } from './health';
import { LockSvg } from './Icons';

export function LockIcon({ lock }: { lock?: LockView }) {
  if (!lock?.locked) return null;
  const title = lockTitle(lock);
  return (
    <span className="lock" title={title} aria-label={`locked: ${title}`} data-testid="lock">
      <LockSvg />
    </span>
  );
}
