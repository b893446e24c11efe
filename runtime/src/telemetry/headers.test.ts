import { describe, expect, it } from 'vitest';
import type { Server } from '../core/config.js';
import { callerTraceHeaders, tracedHeaders } from './headers.js';

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
    // nor any other header whose name says it carries one, whatever product named it
    const proxied = {
      logging: {
        headers: [
          'X-Forwarded-Access-Token',
          'X-Amzn-Oidc-Accesstoken',
          'Cf-Access-Jwt-Assertion',
          'X-Vault-Token',
          'Private-Token',
          'X-Session-Id',
          'X-Signature',
          'X-Client-Key',
          'X-Amzn-Oidc-Data',
          'X-Forwarded-Jwt',
          'X_Api_Key',
          'X-Auth',
          'Authentication',
          'X-Sig',
          'X-Key-Passphrase',
          'X-Request-Id',
          'X-Keyboard-Layout',
          'X-Auth-Request-User',
          'X-Authenticated-Userid',
          'X-Idempotency-Key',
          'X-Functions-Key',
          'DD-Application-Key',
          'X-App-Key',
          'X-Cache-Key',
          'X-Tenant-Key',
          'User_Key',
          'X-Key',
          'X-Honeycomb-Team',
        ],
      },
    } as Pick<Server, 'logging'>;
    const sent = Object.fromEntries(proxied.logging!.headers!.map((name) => [name.toLowerCase(), 'v']));
    // identity headers a proxy sets name a person, not a credential: they are traced
    expect(tracedHeaders(proxied, sent)).toEqual({
      'x-request-id': 'v',
      'x-keyboard-layout': 'v',
      'x-auth-request-user': 'v',
      'x-authenticated-userid': 'v',
      'x-idempotency-key': 'v',
      'x-cache-key': 'v',
      'x-tenant-key': 'v',
    });
    expect(tracedHeaders({}, headers)).toBeUndefined();
  });

  it('passes on a caller’s trace context only when W3C Trace Context allows it', () => {
    const parent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const passed = (traceparent: string, tracestate?: string) =>
      callerTraceHeaders({ traceparent, ...(tracestate !== undefined ? { tracestate } : {}) });
    expect(passed(parent, 'congo=t61rcWkgMzE, rojo=00f067aa0ba902b7')).toEqual({
      traceparent: parent,
      tracestate: 'congo=t61rcWkgMzE, rojo=00f067aa0ba902b7',
    });
    expect(passed(parent, 'tenant@vendor=a b')).toEqual({
      traceparent: parent,
      tracestate: 'tenant@vendor=a b',
    });
    for (const invalid of [
      'ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      `00-${'0'.repeat(32)}-b7ad6b7169203331-01`,
      `00-0af7651916cd43dd8448eb211c80319c-${'0'.repeat(16)}-01`,
      '00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01',
      // version 00 has exactly four fields
      '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-extra',
    ])
      expect(passed(invalid, 'a=b'), invalid).toEqual({});
    // a later version is read by its first four fields, and passed on as the version 00 they make
    // (what follows them, whatever characters it holds, reaches no upstream)
    for (const rest of ['-what-comes-next', '-\u0001\u007f\u2028', ''])
      expect(passed(`01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01${rest}`)).toEqual({
        traceparent: parent,
      });
    expect(
      callerTraceHeaders(
        {},
        { traceparent: `cc-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-${'\u0000'.repeat(9999)}` },
      ),
    ).toEqual({
      traceparent: parent,
    });
    // its flags as version 00 knows them: sampled and random kept, the others zero
    expect(passed('01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-ff')).toEqual({
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-03',
    });
    // a tracestate W3C does not allow is left behind; the trace goes on without it
    for (const state of [
      'Upper=1',
      'a=b=c',
      'a=',
      'a=\u0001',
      Array.from({ length: 33 }, (_, i) => `k${i}=v`).join(','),
      `a=${'v'.repeat(520)}`,
    ])
      expect(passed(parent, state), state).toEqual({ traceparent: parent });
  });

  it('takes the trace context a 2026-07-28 client sends in _meta when no valid header carries one', () => {
    const parent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const meta = { traceparent: parent, tracestate: 'rojo=00f067aa0ba902b7', progressToken: 1 };
    expect(callerTraceHeaders({}, meta)).toEqual({
      traceparent: parent,
      tracestate: 'rojo=00f067aa0ba902b7',
    });
    // an invalid header does not hide the _meta's; a valid one wins over it
    expect(callerTraceHeaders({ traceparent: 'garbage' }, meta)).toMatchObject({ traceparent: parent });
    const header = '00-11111111111111111111111111111111-2222222222222222-01';
    expect(callerTraceHeaders({ traceparent: header }, meta)).toEqual({ traceparent: header });
    for (const invalid of [{ traceparent: 'ff-x' }, { traceparent: 7 }, 'text', null])
      expect(callerTraceHeaders({ baggage: 'k=v' }, invalid)).toEqual({ baggage: 'k=v' });
  });
});
