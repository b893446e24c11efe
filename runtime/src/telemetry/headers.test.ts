import { describe, expect, it } from 'vitest';
import type { Server } from '../core/config.js';
import { tracedHeaders } from './headers.js';

describe('traced headers', () => {
  it('copies the headers logging names, by lower-case name, and never a credential', () => {
    const server = {
      logging: { headers: ['X-Tenant', 'Authorization', 'Cookie', 'X-Api-Key', 'x-auth-token', 'X-Missing'] },
    } as Pick<Server, 'logging'>;
    const headers = {
      'x-tenant': 'acme',
      authorization: 'Bearer secret-1',
      cookie: 'session=secret-2',
      'x-api-key': 'secret-3',
      'x-auth-token': 'secret-4',
    };
    expect(tracedHeaders(server, headers)).toEqual({ 'x-tenant': 'acme' });
    expect(tracedHeaders({}, headers)).toBeUndefined();
  });
});
