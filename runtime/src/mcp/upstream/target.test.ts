import { describe, expect, it } from 'vitest';
import type { Server } from '../../core/config.js';
import { targetOf } from './target.js';

describe('targetOf', () => {
  const server = { name: 'api', url: 'https://api.example', headers: { 'X-Key': 'k' } } as unknown as Server;

  it('sends the server’s own headers with the caller’s identity headers over them', () => {
    expect(targetOf(server, 1024, { 'X-User': 'ada' }).headers).toEqual({ 'X-Key': 'k', 'X-User': 'ada' });
  });

  it('names every identity header the server forwards, set for this caller or not', () => {
    const identity = { headers: { 'X-User-Email': 'email', 'X-Teams': 'teams' }, forwardJwt: 'X-Assertion' };
    const target = targetOf({ ...server, identity } as unknown as Server, 1024, {});
    expect(target.identityHeaders).toEqual(['x-user-email', 'x-teams', 'x-assertion']);
    expect(targetOf(server).identityHeaders).toBeUndefined();
  });

  it('says when the gateway obtains the server’s credentials (a 401 refuses a token it renews)', () => {
    const credentials = { kind: 'client-credentials' };
    expect(targetOf({ ...server, credentials } as unknown as Server).obtainsCredentials).toBe(true);
    expect(targetOf(server).obtainsCredentials).toBeUndefined();
  });
});
