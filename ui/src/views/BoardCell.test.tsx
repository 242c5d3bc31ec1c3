import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ResourceCell } from '../api/types';
import { BoardCell } from './BoardCell';

const cell = (c: Partial<ResourceCell>): ResourceCell => ({ broken: false, version: '42', deployedVersion: '42', ...c });

function health(container: HTMLElement) {
  return container.querySelector('.cell')!.getAttribute('data-health');
}

describe('BoardCell', () => {
  it('shows the version and a Clean badge when healthy at that version', () => {
    const { container } = render(<BoardCell cell={cell({ state: 'Healthy' })} deployed />);
    expect(screen.getByText('42')).toBeTruthy();
    expect(screen.getByText('Clean')).toBeTruthy();
    expect(health(container)).toBe('Clean');
  });

  it('shows Progressing with an indeterminate progress bar when the expected duration is unknown', () => {
    render(<BoardCell cell={cell({ state: 'Progressing', reason: 'RolloutInProgress' })} deployed />);
    expect(screen.getByText('Progressing')).toBeTruthy();
    const bar = screen.getByRole('progressbar');
    expect(bar.getAttribute('aria-valuenow')).toBeNull();
    expect(bar.classList.contains('determinate')).toBe(false);
    // a start without an expected duration (first rollout of this resource) stays indeterminate too
    render(<BoardCell cell={cell({ state: 'Progressing', rolloutStartedAt: '2026-11-22T10:00:00Z' })} deployed />);
    expect(screen.getAllByRole('progressbar')[1].getAttribute('aria-valuenow')).toBeNull();
  });

  describe('with a rollout start and an expected duration', () => {
    afterEach(() => vi.useRealTimers());

    it('fills the bar by elapsed / expected and advances while it runs', () => {
      vi.useFakeTimers();
      vi.setSystemTime(Date.parse('2026-11-22T10:00:15Z'));
      render(<BoardCell cell={cell({ state: 'Progressing', rolloutStartedAt: '2026-11-22T10:00:00Z', expectedRolloutSeconds: 60 })} deployed />);
      const bar = screen.getByRole('progressbar');
      expect(bar.classList.contains('determinate')).toBe(true);
      expect(bar.getAttribute('aria-valuenow')).toBe('25');
      expect((bar.firstChild as HTMLElement).style.width).toBe('25%');
      expect(bar.getAttribute('title')).toBe('15 s of about 1 min');
      expect(bar.getAttribute('data-overdue')).toBeNull();
      act(() => vi.advanceTimersByTime(15_000));
      expect(bar.getAttribute('aria-valuenow')).toBe('50');
      expect((bar.firstChild as HTMLElement).style.width).toBe('50%');
    });

    it('caps the bar at 95 % and says it takes longer than usual when overdue', () => {
      vi.useFakeTimers();
      vi.setSystemTime(Date.parse('2026-11-22T10:00:50Z'));
      render(<BoardCell cell={cell({ state: 'Progressing', rolloutStartedAt: '2026-11-22T10:00:00Z', expectedRolloutSeconds: 60 })} deployed />);
      const bar = screen.getByRole('progressbar');
      expect(bar.getAttribute('title')).not.toContain('longer');
      act(() => vi.advanceTimersByTime(40_000)); // 90 s of an expected 60 s
      expect(bar.getAttribute('aria-valuenow')).toBe('95');
      expect((bar.firstChild as HTMLElement).style.width).toBe('95%');
      expect(bar.getAttribute('data-overdue')).toBe('true');
      expect(bar.getAttribute('title')).toBe('taking longer than usual: 1 min 30 s so far, usually 1 min');
    });

    it('shows no bar once the rollout is done', () => {
      vi.useFakeTimers();
      vi.setSystemTime(Date.parse('2026-11-22T10:00:15Z'));
      const { rerender } = render(<BoardCell cell={cell({ state: 'Progressing', rolloutStartedAt: '2026-11-22T10:00:00Z', expectedRolloutSeconds: 60 })} deployed />);
      expect(screen.getByRole('progressbar')).toBeTruthy();
      rerender(<BoardCell cell={cell({ state: 'Healthy', expectedRolloutSeconds: 60 })} deployed />);
      expect(screen.queryByRole('progressbar')).toBeNull();
      expect(vi.getTimerCount()).toBe(0);
    });
  });

  it('shows Failed with the reason and message on hover', () => {
    render(<BoardCell cell={cell({ state: 'Failed', reason: 'ProgressDeadlineExceeded', message: 'deployment s1 exceeded its progress deadline' })} deployed />);
    const badge = screen.getByText('Failed');
    expect(badge.getAttribute('title')).toContain('ProgressDeadlineExceeded');
    expect(badge.getAttribute('title')).toContain('deployment s1 exceeded its progress deadline');
  });

  it('shows a broken version file as Failed', () => {
    const { container } = render(<BoardCell cell={cell({ broken: true, state: undefined })} deployed />);
    expect(health(container)).toBe('Failed');
  });

  it('shows Outdated when the deployer has not applied the repo version yet', () => {
    const { container, rerender } = render(<BoardCell cell={cell({ state: 'Pending', deployedVersion: '41' })} deployed />);
    expect(health(container)).toBe('Outdated');
    rerender(<BoardCell cell={cell({ state: 'Healthy', deployedVersion: '41' })} deployed />);
    expect(health(container)).toBe('Outdated');
    expect(screen.getByText('Outdated').getAttribute('title')).toContain('running 41');
  });

  it('shows Unknown when the deployer does not report the resource', () => {
    const { container } = render(<BoardCell cell={cell({ state: undefined, deployedVersion: undefined })} deployed />);
    expect(health(container)).toBe('Unknown');
  });

  it('shows no badge where no deployer deploys the environment', () => {
    const { container } = render(<BoardCell cell={cell({})} deployed={false} />);
    expect(health(container)).toBe('None');
    expect(container.querySelector('.badge')).toBeNull();
  });

  it('shows a lock icon with reason and author', () => {
    render(
      <BoardCell
        cell={cell({ state: 'Healthy', lock: { locked: true, reasons: [{ reason: 'incident 12', by: 'alice', expired: false }] } })}
        deployed
      />,
    );
    const lock = screen.getByTestId('lock');
    expect(lock.getAttribute('title')).toContain('incident 12');
    expect(lock.getAttribute('title')).toContain('alice');
  });

  it('shows no lock icon when every reason expired', () => {
    render(
      <BoardCell cell={cell({ state: 'Healthy', lock: { locked: false, reasons: [{ reason: 'old', expired: true }] } })} deployed />,
    );
    expect(screen.queryByTestId('lock')).toBeNull();
  });

  it('shows a pending promotion arrow with why it waits', () => {
    render(
      <BoardCell
        cell={cell({ state: 'Healthy' })}
        deployed
        pending={{ transition: 'pp-to-prod', source: 'pp', move: { resource: 's1', from: '42', to: '43' }, why: 'TargetLocked: prod is locked' }}
      />,
    );
    const arrow = screen.getByTestId('pending');
    expect(arrow.textContent).toContain('43');
    expect(arrow.getAttribute('title')).toContain('TargetLocked: prod is locked');
  });
});
