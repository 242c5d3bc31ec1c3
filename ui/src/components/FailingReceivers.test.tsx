import { render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stubFetch } from '../test-util';
import { FailingReceivers } from './FailingReceivers';

afterEach(() => vi.unstubAllGlobals());

const receiver = (name: string, failing: boolean, lastError?: string) => ({
  name, type: 'slack', failing, lastError, queued: failing ? 3 : 0, sent: 1, failed: failing ? 2 : 0, dropped: 0,
});

describe('FailingReceivers', () => {
  it('shows each failing receiver with its last error and what waits', async () => {
    const calls = stubFetch(() => ({
      body: { receivers: [receiver('team-chat', true, 'team-chat answered 500 Internal Server Error'), receiver('audit', false)], deliveries: [], errors: [] },
    }));
    render(<FailingReceivers />);
    const banner = await screen.findByTestId('failing-receivers');
    expect(banner.textContent).toBe('Notifications to team-chat (slack) are failing: team-chat answered 500 Internal Server Error · 3 waiting');
    expect(calls[0].url.pathname).toBe('/api/notifications');
  });

  it('shows nothing while every receiver is fine, or when the call fails', async () => {
    const calls = stubFetch(() => ({ body: { receivers: [receiver('audit', false)], deliveries: [], errors: [] } }));
    const { container } = render(<FailingReceivers />);
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(container.textContent).toBe('');
    const refused = stubFetch(() => ({ status: 404, body: { title: 'NotFound', status: 404 } }));
    render(<FailingReceivers />);
    await waitFor(() => expect(refused).toHaveLength(1));
    expect(screen.queryByTestId('failing-receivers')).toBeNull();
  });
});
