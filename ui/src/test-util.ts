import { vi } from 'vitest';

export interface Call {
  method: string;
  url: URL;
  body?: unknown;
}

/** Stubs fetch with a handler; records every call. */
export function stubFetch(handler: (call: Call) => { status?: number; body?: unknown; contentType?: string }) {
  const calls: Call[] = [];
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const call: Call = {
      method: init?.method ?? 'GET',
      url: new URL(String(input)),
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    };
    calls.push(call);
    const r = handler(call);
    const status = r.status ?? 200;
    return new Response(r.body === undefined ? '' : JSON.stringify(r.body), {
      status,
      headers: { 'Content-Type': r.contentType ?? (status >= 400 ? 'application/problem+json' : 'application/json') },
    });
  });
  vi.stubGlobal('fetch', fn);
  return calls;
}
