import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EnvironmentView, ResourceCell } from '../api/types';
import { stubFetch } from '../test-util';
import { PromoteDialog } from './PromoteDialog';
import { RollbackDialog } from './RollbackDialog';

afterEach(() => vi.unstubAllGlobals());

const envs: EnvironmentView[] = [
  { name: 'dev', deployed: true },
  { name: 'prod', deployed: true, lock: { locked: true, reasons: [{ reason: 'freeze', expired: false }] } },
];
const cells: Record<string, ResourceCell> = { dev: { version: '2', broken: false }, prod: { version: '1', broken: false } };

describe('PromoteDialog', () => {
  it('promotes to an unlocked environment with the reason', async () => {
    const calls = stubFetch(() => ({ body: { commit: 'c1', changed: true } }));
    const onClose = vi.fn();
    render(<PromoteDialog resource="s1" version="3" environments={envs} cells={cells} onClose={onClose} />);
    fireEvent.change(screen.getByLabelText('Environment'), { target: { value: 'dev' } });
    fireEvent.change(screen.getByLabelText('Reason'), { target: { value: 'hotfix' } });
    fireEvent.click(screen.getByRole('button', { name: 'Promote' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(calls[0].url.pathname).toBe('/api/promotions');
    expect(calls[0].body).toEqual({ resource: 's1', version: '3', env: 'dev', reason: 'hotfix' });
  });

  it('asks for a confirmation on a locked target and then sends force: true', async () => {
    const calls = stubFetch(() => ({ body: { commit: 'c1', changed: true } }));
    render(<PromoteDialog resource="s1" version="3" environments={envs} cells={cells} onClose={() => {}} />);
    fireEvent.change(screen.getByLabelText('Environment'), { target: { value: 'prod' } });
    const submit = screen.getByRole('button', { name: 'Force promote' }) as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    fireEvent.click(screen.getByRole('checkbox'));
    fireEvent.click(submit);
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0].body).toEqual({ resource: 's1', version: '3', env: 'prod', force: true });
  });

  it('offers to force after a 409 TargetLocked the board did not know about', async () => {
    let n = 0;
    const calls = stubFetch(() =>
      n++ === 0
        ? { status: 409, body: { title: 'TargetLocked', status: 409, detail: '"dev" is locked: deploy freeze (bob)' } }
        : { body: { commit: 'c2', changed: true } });
    render(<PromoteDialog resource="s1" version="3" environments={envs} cells={cells} onClose={() => {}} />);
    fireEvent.change(screen.getByLabelText('Environment'), { target: { value: 'dev' } });
    fireEvent.click(screen.getByRole('button', { name: 'Promote' }));
    expect((await screen.findByRole('alert')).textContent).toContain('"dev" is locked: deploy freeze (bob)');
    fireEvent.click(screen.getByRole('checkbox'));
    fireEvent.click(screen.getByRole('button', { name: 'Force promote' }));
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1].body).toMatchObject({ env: 'dev', force: true });
  });
});

describe('RollbackDialog', () => {
  it('needs a reason and sends POST api/rollbacks (previous version by default)', async () => {
    const calls = stubFetch(() => ({ body: { commit: 'c3', changed: true } }));
    const onClose = vi.fn();
    render(<RollbackDialog resource="s1" env="prod" current="3" versions={['3', '2', '1']} onClose={onClose} />);
    const submit = screen.getByRole('button', { name: 'Roll back and lock' }) as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Reason'), { target: { value: 'errors up' } });
    fireEvent.click(submit);
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(calls[0].url.pathname).toBe('/api/rollbacks');
    expect(calls[0].body).toEqual({ resource: 's1', env: 'prod', reason: 'errors up' });
  });

  it('rolls back to a named version', async () => {
    const calls = stubFetch(() => ({ body: { commit: 'c4', changed: true } }));
    render(<RollbackDialog resource="s1" env="prod" current="3" versions={['3', '2', '1']} onClose={() => {}} />);
    expect(screen.queryByRole('option', { name: '3' })).toBeNull();
    fireEvent.change(screen.getByLabelText('To version'), { target: { value: '1' } });
    fireEvent.change(screen.getByLabelText('Reason'), { target: { value: 'x' } });
    fireEvent.click(screen.getByRole('button', { name: 'Roll back and lock' }));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0].body).toEqual({ resource: 's1', env: 'prod', version: '1', reason: 'x' });
  });
});
