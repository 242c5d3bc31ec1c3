import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stubFetch } from '../test-util';
import { LockDialog } from './LockDialog';

afterEach(() => vi.unstubAllGlobals());

describe('LockDialog', () => {
  it('needs a reason, then sends PUT api/locks/{env} with reason and expiry', async () => {
    const calls = stubFetch(() => ({ body: { commit: 'abc123', changed: true } }));
    const onClose = vi.fn();
    render(<LockDialog env="prod" onClose={onClose} />);
    const submit = screen.getByRole('button', { name: 'Lock' }) as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText(/Reason/), { target: { value: 'release freeze' } });
    fireEvent.change(screen.getByLabelText(/Expires/), { target: { value: '2030-01-02T03:04' } });
    expect(submit.disabled).toBe(false);
    fireEvent.click(submit);
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(calls).toHaveLength(1);
    expect(calls[0].method).toBe('PUT');
    expect(calls[0].url.pathname).toBe('/api/locks/prod');
    expect(calls[0].body).toEqual({ reason: 'release freeze', expires: new Date('2030-01-02T03:04').toISOString() });
  });

  it('locks one resource without an expiry', async () => {
    const calls = stubFetch(() => ({ body: { commit: 'abc123', changed: true } }));
    render(<LockDialog env="dev" resource="s1" onClose={() => {}} />);
    fireEvent.change(screen.getByLabelText(/Reason/), { target: { value: 'broken' } });
    fireEvent.click(screen.getByRole('button', { name: 'Lock' }));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0].url.pathname).toBe('/api/locks/dev/s1');
    expect(calls[0].body).toEqual({ reason: 'broken' });
  });

  it('shows the problem detail and stays open when the API refuses', async () => {
    stubFetch(() => ({ status: 400, body: { title: 'InvalidRequest', status: 400, detail: "'expires' 2000-01-01T00:00:00Z is not in the future." } }));
    const onClose = vi.fn();
    render(<LockDialog env="prod" onClose={onClose} />);
    fireEvent.change(screen.getByLabelText(/Reason/), { target: { value: 'x' } });
    fireEvent.click(screen.getByRole('button', { name: 'Lock' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain("'expires' 2000-01-01T00:00:00Z is not in the future.");
    expect(onClose).not.toHaveBeenCalled();
  });

  it('unlocks with DELETE, showing the current reasons', async () => {
    const calls = stubFetch(() => ({ body: { commit: 'def456', changed: true } }));
    const onClose = vi.fn();
    render(
      <LockDialog env="prod" lock={{ locked: true, reasons: [{ reason: 'freeze', by: 'bob', expired: false }] }} onClose={onClose} />,
    );
    expect(screen.getByText(/freeze — bob/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(calls[0].method).toBe('DELETE');
    expect(calls[0].url.pathname).toBe('/api/locks/prod');
    expect(calls[0].body).toBeUndefined();
  });

  it('says when locks.yaml cannot be read, shows the refusal, and unlocks with force when asked', async () => {
    let n = 0;
    const calls = stubFetch(() =>
      n++ === 0
        ? { status: 409, body: { title: 'LocksUnreadable', status: 409, detail: 'prod/locks.yaml cannot be read, so prod counts as locked: prod/locks.yaml:2:1: bad' } }
        : { body: { commit: 'def456', changed: true } },
    );
    const onClose = vi.fn();
    render(
      <LockDialog
        env="prod"
        lock={{ locked: true, reasons: [{ reason: 'freeze', expired: false }] }}
        unreadable="prod/locks.yaml:2:1: bad"
        onClose={onClose}
      />,
    );
    expect(screen.getByRole('note').textContent).toContain('prod/locks.yaml cannot be read, so prod counts as locked: prod/locks.yaml:2:1: bad');
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('prod/locks.yaml:2:1: bad');
    expect(calls[0].body).toBeUndefined();
    expect(onClose).not.toHaveBeenCalled();

    fireEvent.click(screen.getByLabelText(/Force/));
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(calls[1].method).toBe('DELETE');
    expect(calls[1].body).toEqual({ force: true });
  });

  it('offers no force when the file reads', () => {
    render(<LockDialog env="prod" lock={{ locked: true, reasons: [{ reason: 'freeze', expired: false }] }} onClose={() => {}} />);
    expect(screen.queryByLabelText(/Force/)).toBeNull();
    expect(screen.queryByRole('note')).toBeNull();
  });
});
