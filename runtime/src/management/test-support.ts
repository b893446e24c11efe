/** Helpers shared by the management tests (not part of the runtime's API). */
import { AuditLog } from '../audit/log.js';
import { adminKeyFromSecret } from '../auth/admin-key.js';
import type { HttpRequest, HttpResponse } from '../core/http.js';
import { MemoryStore } from '../store/memory.js';
import type { StateStore } from '../store/port.js';
import { createManagementApi, type ManagementApiOptions } from './api.js';

export const adminSecret = 'test-admin-key';

export class FakeClock {
  constructor(public time = Date.parse('2026-01-01T00:00:00Z')) {}
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  // biome-ignore lint/suspicious/noExplicitAny: test responses are inspected freely
  body: any;
}

export function setup(options: Partial<ManagementApiOptions> & { store?: StateStore } = {}) {
  const clock = new FakeClock();
  const store = options.store ?? new MemoryStore(clock);
  const audit = new AuditLog(store, options.clock ?? clock);
  const api = createManagementApi({
    store,
    clock,
    adminKey: adminKeyFromSecret(adminSecret),
    audit,
    ...options,
  });
  async function call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    query: Record<string, string> = {},
  ): Promise<Answer> {
    const request: HttpRequest = {
      method,
      path,
      query,
      headers: {
        authorization: `Bearer ${adminSecret}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    };
    const response: HttpResponse = await api(request);
    const text = typeof response.body === 'string' ? response.body : undefined;
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  }
  return { clock, store, api, call, audit };
}
