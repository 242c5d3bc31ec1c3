import { describe, expect, it } from 'vitest';
import { applyEvent } from './reduce';
import type { StateResponse } from './types';

const state = (): StateResponse => ({
  revision: 'r1',
  generatedAt: '2026-11-20T10:00:00Z',
  environments: [{ name: 'dev', deployed: true, state: 'Clean' }, { name: 'prod', deployed: true, state: 'Clean' }],
  resources: [
    { name: 'a', environments: { dev: { version: '1', broken: false }, prod: { version: '1', broken: false } } },
    { name: 'c', environments: { dev: { version: '3', broken: false } } },
  ],
  transitions: [],
  deployer: { configured: true, available: true },
  transitioner: { configured: true, available: true },
  errors: [],
});

describe('applyEvent', () => {
  it('replaces one cell and keeps the identity of other rows', () => {
    const s = state();
    const next = applyEvent(s, 'resource', { resource: 'a', environment: 'dev', cell: { version: '2', broken: false } });
    if (next === 'reload') throw new Error('reload');
    expect(next.resources[0].environments.dev.version).toBe('2');
    expect(next.resources[0].environments.prod).toBe(s.resources[0].environments.prod);
    expect(next.resources[1]).toBe(s.resources[1]);
  });

  it('inserts a new resource in name order and removes a gone one', () => {
    let s: StateResponse | 'reload' = applyEvent(state(), 'resource', { resource: 'b', environment: 'dev', cell: { version: '9', broken: false } });
    if (s === 'reload') throw new Error('reload');
    expect(s.resources.map(r => r.name)).toEqual(['a', 'b', 'c']);
    s = applyEvent(s, 'resource', { resource: 'c', environment: 'dev', cell: null });
    if (s === 'reload') throw new Error('reload');
    expect(s.resources.map(r => r.name)).toEqual(['a', 'b']);
  });

  it('replaces an environment (lock) and asks for a reload on reset or an unknown environment', () => {
    const next = applyEvent(state(), 'environment', {
      environment: { name: 'prod', deployed: true, lock: { locked: true, reasons: [{ reason: 'freeze', expired: false }] } },
    });
    if (next === 'reload') throw new Error('reload');
    expect(next.environments[1].lock?.locked).toBe(true);
    expect(applyEvent(state(), 'environment', { environment: { name: 'qa', deployed: false } })).toBe('reload');
    expect(applyEvent(state(), 'reset', { reason: 'x' })).toBe('reload');
  });
});
