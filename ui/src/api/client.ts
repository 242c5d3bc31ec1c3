import type {
  ApprovalRequest, HistoryPage, LockRequest, NotificationsResponse, Problem, PromotionRequest, ResourceResponse, RollbackRequest,
  StateResponse, UnlockRequest, WriteResponse,
} from './types';

/** A failed API call, carrying the problem+json the aggregator answered (or one made up for network failures). */
export class ApiError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status ?? '?'}`);
    this.problem = problem;
  }
}

/** Relative to the document, so the UI works behind any path prefix. */
export function apiUrl(path: string, query?: Record<string, string | number | undefined>): string {
  const url = new URL(`api/${path}`, document.baseURI);
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
  }
  return url.toString();
}

async function request<T>(method: string, path: string, body?: unknown, query?: Record<string, string | number | undefined>): Promise<T> {
  let response: Response;
  try {
    response = await fetch(apiUrl(path, query), {
      method,
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError({ title: 'NetworkError', detail: `${method} api/${path} failed: ${(e as Error).message}` });
  }
  const text = await response.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  if (!response.ok) {
    const p = (json && typeof json === 'object' ? json : {}) as Problem;
    throw new ApiError({
      ...p,
      status: p.status ?? response.status,
      title: p.title ?? response.statusText,
      detail: p.detail ?? (text ? text.slice(0, 300) : `${method} api/${path} answered ${response.status} ${response.statusText}`),
    });
  }
  return json as T;
}

const seg = encodeURIComponent;

export const api = {
  state: () => request<StateResponse>('GET', 'state'),
  history: (q: { env?: string; resource?: string; kind?: string; limit?: number; before?: string }) =>
    request<HistoryPage>('GET', 'history', undefined, q),
  resource: (name: string) => request<ResourceResponse>('GET', `resources/${seg(name)}`),
  lock: (env: string, resource: string | undefined, body: LockRequest) =>
    request<WriteResponse>('PUT', resource ? `locks/${seg(env)}/${seg(resource)}` : `locks/${seg(env)}`, body),
  unlock: (env: string, resource: string | undefined, body?: UnlockRequest) =>
    request<WriteResponse>('DELETE', resource ? `locks/${seg(env)}/${seg(resource)}` : `locks/${seg(env)}`, body?.reason || body?.force ? body : undefined),
  promote: (body: PromotionRequest) => request<WriteResponse>('POST', 'promotions', body),
  rollback: (body: RollbackRequest) => request<WriteResponse>('POST', 'rollbacks', body),
  approve: (body: ApprovalRequest) => request<WriteResponse>('POST', 'approvals', body),
  notifications: () => request<NotificationsResponse>('GET', 'notifications'),
};

export function problemOf(e: unknown): Problem {
  if (e instanceof ApiError) return e.problem;
  return { title: 'Error', detail: e instanceof Error ? e.message : String(e) };
}
