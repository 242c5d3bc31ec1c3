import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { EnvironmentView } from '../api/types';
import { EnvHeader } from './EnvHeader';

const env = (e: Partial<EnvironmentView>): EnvironmentView => ({ name: 'prod', deployed: true, state: 'Clean', ...e });

describe('EnvHeader', () => {
  it('marks an environment whose locks.yaml cannot be read, with the reader message as its title', () => {
    render(<EnvHeader env={env({ locksProblem: 'prod/locks.yaml:2:1: While parsing a flow sequence' })} into={[]} />);
    const marker = screen.getByTestId('locks-unreadable');
    expect(marker.textContent).toBe('locks.yaml unreadable: counts as locked');
    expect(marker.getAttribute('title')).toBe('prod/locks.yaml:2:1: While parsing a flow sequence');
  });

  it('shows no marker when the file reads', () => {
    render(<EnvHeader env={env({})} into={[]} />);
    expect(screen.queryByTestId('locks-unreadable')).toBeNull();
  });
});
