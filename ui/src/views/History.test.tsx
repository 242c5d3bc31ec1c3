import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HistoryEvent } from '../api/types';
import { stubFetch } from '../test-util';
import { History } from './History';

afterEach(() => vi.unstubAllGlobals());

const ev = (i: number): HistoryEvent => ({
  id: `c${String(i).padStart(39, '0')}`,
  commit: `c${String(i).padStart(39, '0')}`,
  time: '2026-11-20T10:00:00Z',
  author: 'DM Aggregator',
  kind: 'new-version',
  subject: `New version s1 ${i}`,
  environment: 'latest',
  resource: 's1',
  version: String(i),
  moves: [{ resource: 's1', to: String(i) }],
  changelog: `changes of ${i}`,
});

describe('History', () => {
  it('pages with before = the previous page\'s next, and back', async () => {
    const calls = stubFetch(({ url }) => {
      const before = url.searchParams.get('before');
      if (!before) return { body: { events: [ev(3), ev(2)], next: ev(2).commit } };
      if (before === ev(2).commit) return { body: { events: [ev(1)] } };
      return { status: 400, body: { title: 'InvalidRequest', detail: 'bad before' } };
    });
    render(<History environments={['latest', 'dev']} historyTick={0} />);
    expect(await screen.findByText('New version s1 3')).toBeTruthy();
    expect(calls[0].url.pathname).toBe('/api/history');
    expect(calls[0].url.searchParams.get('limit')).toBe('50');
    expect((screen.getByRole('button', { name: /Newer/ }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: /Older/ }));
    expect(await screen.findByText('New version s1 1')).toBeTruthy();
    expect(calls[1].url.searchParams.get('before')).toBe(ev(2).commit);
    expect(screen.queryByText('New version s1 3')).toBeNull();
    await waitFor(() => expect((screen.getByRole('button', { name: /Older/ }) as HTMLButtonElement).disabled).toBe(true));

    fireEvent.click(screen.getByRole('button', { name: /Newer/ }));
    expect(await screen.findByText('New version s1 3')).toBeTruthy();
    expect(calls[2].url.searchParams.get('before')).toBeNull();
  });

  it('filters by environment, resource and kind, restarting at the first page', async () => {
    const calls = stubFetch(() => ({ body: { events: [ev(1)] } }));
    render(<History environments={['latest', 'dev']} historyTick={0} />);
    await screen.findByText('New version s1 1');
    fireEvent.change(screen.getByLabelText('environment'), { target: { value: 'dev' } });
    fireEvent.change(screen.getByLabelText('kind'), { target: { value: 'rollback' } });
    fireEvent.change(screen.getByLabelText('resource'), { target: { value: 's1' } });
    await waitFor(() => {
      const q = calls[calls.length - 1].url.searchParams;
      expect([q.get('env'), q.get('kind'), q.get('resource'), q.get('before')]).toEqual(['dev', 'rollback', 's1', null]);
    });
  });

  it('shows commit ids and expandable changelogs', async () => {
    stubFetch(() => ({ body: { events: [ev(7)] } }));
    render(<History environments={[]} historyTick={0} />);
    await screen.findByText('New version s1 7');
    expect(screen.getByTitle(ev(7).commit).textContent).toBe(ev(7).commit.slice(0, 10));
    expect(screen.getByRole('button', { name: `copy commit ${ev(7).commit}` })).toBeTruthy();
    expect(screen.getByText('changelog').closest('details')?.textContent).toContain('changes of 7');
  });

  it('lists every change of a commit that batched several, each once', async () => {
    const first = { ...ev(5), subject: 'New version s1 5' };
    const second = { ...ev(5), id: `${ev(5).commit}:1`, part: 1, subject: 'Lock prod', kind: 'lock', moves: [] };
    stubFetch(() => ({ body: { events: [second, first] } }));
    render(<History environments={[]} historyTick={0} />);
    expect(await screen.findByText('Lock prod')).toBeTruthy();
    expect(screen.getAllByText('New version s1 5')).toHaveLength(1);
    expect(screen.getAllByTitle(ev(5).commit)).toHaveLength(2);
  });

  it('shows the problem detail when the API refuses', async () => {
    stubFetch(() => ({ status: 400, body: { title: 'InvalidRequest', status: 400, detail: "'resource' \"S!\" is not a DNS-1123 label." } }));
    render(<History environments={[]} historyTick={0} />);
    expect((await screen.findByRole('alert')).textContent).toContain("'resource' \"S!\" is not a DNS-1123 label.");
  });
});
