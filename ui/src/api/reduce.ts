import type { ResourceView, StateResponse, StreamEvents, StreamEventType } from './types';

/**
 * Pure: applies one SSE delta to the state. Unchanged parts keep their identity, so memoised rows do not re-render.
 * Returns 'reload' when the state must be fetched again (reset).
 */
export function applyEvent<K extends StreamEventType>(state: StateResponse, type: K, data: StreamEvents[K]): StateResponse | 'reload' {
  switch (type) {
    case 'head': {
      const d = data as StreamEvents['head'];
      return { ...state, revision: d.revision };
    }
    case 'availability': {
      const d = data as StreamEvents['availability'];
      return { ...state, deployer: d.deployer, transitioner: d.transitioner };
    }
    case 'environment': {
      const env = (data as StreamEvents['environment']).environment;
      const i = state.environments.findIndex(e => e.name === env.name);
      if (i < 0) return 'reload';
      const environments = state.environments.slice();
      environments[i] = env;
      return { ...state, environments };
    }
    case 'transition': {
      const t = (data as StreamEvents['transition']).transition;
      const i = state.transitions.findIndex(x => x.name === t.name);
      const transitions = state.transitions.slice();
      if (i < 0) transitions.push(t);
      else transitions[i] = t;
      return { ...state, transitions };
    }
    case 'resource': {
      const d = data as StreamEvents['resource'];
      const i = state.resources.findIndex(r => r.name === d.resource);
      const resources = state.resources.slice();
      if (i < 0) {
        if (!d.cell) return state;
        const row: ResourceView = { name: d.resource, environments: { [d.environment]: d.cell } };
        // keep the list sorted by name (ordinal), like the aggregator
        let at = resources.findIndex(r => r.name > d.resource);
        if (at < 0) at = resources.length;
        resources.splice(at, 0, row);
        return { ...state, resources };
      }
      const environments = { ...resources[i].environments };
      if (d.cell) environments[d.environment] = d.cell;
      else delete environments[d.environment];
      if (Object.keys(environments).length === 0) resources.splice(i, 1);
      else resources[i] = { name: d.resource, environments };
      return { ...state, resources };
    }
    case 'history':
      return state;
    case 'reset':
      return 'reload';
  }
  return state;
}
