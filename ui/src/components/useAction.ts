import { useCallback, useState } from 'react';
import { problemOf } from '../api/client';
import type { Problem, WriteResponse } from '../api/types';
import { notify } from './notices';

/** Runs a write; keeps its problem+json for display and announces the commit on success. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>();
  const run = useCallback(async (what: string, action: () => Promise<WriteResponse>): Promise<boolean> => {
    setBusy(true);
    setProblem(undefined);
    try {
      const r = await action();
      notify(r?.changed === false ? `${what}: nothing changed` : `${what}: committed ${r?.commit?.slice(0, 10) ?? ''}`);
      return true;
    } catch (e) {
      setProblem(problemOf(e));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, problem, setProblem, run };
}
