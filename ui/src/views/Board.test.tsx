import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { StateResponse } from '../api/types';
import { Board, ROW_HEIGHT_ESTIMATE } from './Board';

function state(n = 3): StateResponse {
  const resources = Array.from({ length: n }, (_, i) => ({
    name: `svc-${i}`,
    environments: {
      dev: { version: i === 0 ? '2' : '1', broken: false, deployedVersion: i === 0 ? '2' : '1', state: 'Healthy' as const },
      prod: { version: '1', broken: false, deployedVersion: '1', state: 'Healthy' as const },
    },
  }));
  return {
    revision: 'abc',
    generatedAt: '2026-11-20T10:00:00Z',
    environments: [
      { name: 'dev', deployed: true, state: 'Clean' },
      { name: 'prod', deployed: true, state: 'Clean', lock: { locked: true, reasons: [{ reason: 'freeze', by: 'alice', expired: false }] } },
    ],
    resources,
    transitions: [
      { name: 'dev-to-prod', source: 'dev', target: 'prod', manual: false, pending: [{ resource: 'svc-0', from: '1', to: '2' }],
        lastRun: { time: '2026-11-20T10:00:00Z', result: 'Blocked', reason: 'TargetLocked', message: 'prod is locked: freeze' } },
    ],
    deployer: { configured: true, available: true },
    transitioner: { configured: true, available: true },
    errors: [],
  };
}

const rowNames = () => Array.from(document.querySelectorAll('[data-resource]')).map(r => r.getAttribute('data-resource'));

describe('Board', () => {
  it('shows environments in order, the environment lock and the pending move with its reason', () => {
    render(<Board state={state()} />);
    expect(Array.from(document.querySelectorAll('.env-name')).map(e => e.textContent)).toEqual(['dev', 'prod']);
    expect(screen.getByRole('button', { name: 'Unlock prod' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Lock dev' })).toBeTruthy();
    expect(screen.getByText(/freeze \(alice\)/)).toBeTruthy();
    const pending = screen.getByTestId('pending');
    expect(pending.closest('[data-resource]')?.getAttribute('data-resource')).toBe('svc-0');
    expect(pending.getAttribute('title')).toContain('TargetLocked: prod is locked: freeze');
  });

  it('filters by name and shows only differences', async () => {
    render(<Board state={state()} />);
    expect(rowNames()).toEqual(['svc-0', 'svc-1', 'svc-2']);
    fireEvent.change(screen.getByLabelText('filter resources by name'), { target: { value: 'SVC-2' } });
    await waitFor(() => expect(rowNames()).toEqual(['svc-2']));
    fireEvent.change(screen.getByLabelText('filter resources by name'), { target: { value: '' } });
    fireEvent.click(screen.getByLabelText(/only differences/));
    await waitFor(() => expect(rowNames()).toEqual(['svc-0']));
  });

  it('renders only the rows in view of a 10,000-row board, and later rows when scrolled', async () => {
    // jsdom has no layout: the scroller (the app's <main>) gets a 600 px viewport and a settable scroll offset
    const main = document.body.appendChild(document.createElement('main'));
    main.style.overflowY = 'auto';
    Object.defineProperty(main, 'clientHeight', { configurable: true, value: 600 });
    let scrollTop = 0;
    Object.defineProperty(main, 'scrollTop', { configurable: true, get: () => scrollTop, set: v => (scrollTop = v) });
    try {
      render(<Board state={state(10_000)} />, { container: main });
      expect(screen.getByText('10000 of 10000 resources')).toBeTruthy();
      await waitFor(() => expect(rowNames()[0]).toBe('svc-0'));
      const first = rowNames();
      expect(first.length).toBeGreaterThan(5);
      expect(first.length).toBeLessThan(100);
      expect(screen.getByTestId('board').getAttribute('aria-rowcount')).toBe('10001');

      scrollTop = 7_000 * ROW_HEIGHT_ESTIMATE;
      fireEvent.scroll(main);
      await waitFor(() => expect(rowNames()).toContain('svc-7000'));
      const later = rowNames();
      expect(later.length).toBeLessThan(100);
      expect(later).not.toContain('svc-0');
      expect(document.querySelector('[data-resource="svc-7000"]')?.getAttribute('aria-rowindex')).toBe('7002');

      scrollTop = 9_999 * ROW_HEIGHT_ESTIMATE;
      fireEvent.scroll(main);
      await waitFor(() => expect(rowNames()).toContain('svc-9999'));
    } finally {
      main.remove();
    }
  });
});
