import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError } from '../api/client';
import { stubFetch } from '../test-util';
import { ProblemView } from './ProblemView';

afterEach(() => vi.unstubAllGlobals());

describe('problem display', () => {
  it('shows title, status and detail as an alert', () => {
    render(<ProblemView problem={{ title: 'TargetLocked', status: 409, detail: 'prod is locked: release freeze (alice)' }} />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('TargetLocked (409)');
    expect(alert.textContent).toContain('prod is locked: release freeze (alice)');
  });

  it('the client turns a problem+json answer into an ApiError carrying the detail', async () => {
    stubFetch(() => ({ status: 409, body: { type: 'about:blank', title: 'TargetLocked', status: 409, detail: 'prod is locked' } }));
    const error = await api.promote({ resource: 's1', version: '2', env: 'prod' }).catch(e => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).problem).toMatchObject({ title: 'TargetLocked', status: 409, detail: 'prod is locked' });
  });

  it('the client keeps a useful detail when the body is not problem+json', async () => {
    stubFetch(() => ({ status: 502, body: undefined, contentType: 'text/plain' }));
    const error = (await api.state().catch(e => e)) as ApiError;
    expect(error.problem.status).toBe(502);
    expect(error.problem.detail).toContain('502');
  });

  it('the client reports a network failure', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch'); }));
    const error = (await api.lock('prod', undefined, { reason: 'x' }).catch(e => e)) as ApiError;
    expect(error.problem.detail).toContain('Failed to fetch');
  });
});
