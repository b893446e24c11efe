import { describe, expect, it } from 'vitest';
import type { Server, Workspace } from '../../core/config.js';
import { acceptedBy } from './accepted.js';

const workspace = (authentication?: Workspace['authentication']) =>
  ({ name: 'team', ...(authentication ? { authentication } : {}) }) as Workspace;
const server = (authentication?: Server['authentication']) =>
  ({
    name: 'github',
    url: 'https://a.test/mcp',
    workspace: 'team',
    ...(authentication ? { authentication } : {}),
  }) as Server;

describe('accepted credentials', () => {
  it('accepts every method and provider when nothing is set', () => {
    const accepted = acceptedBy(workspace(), server());
    expect([...accepted.methods].sort()).toEqual(['api-key', 'jwt', 'oauth', 'webhook']);
    expect(accepted.providers).toBeUndefined();
  });

  it('lets a server narrow its workspace, never widen it', () => {
    const accepted = acceptedBy(
      workspace({ methods: ['jwt', 'webhook'], identityProviders: ['corp', 'partner'] }),
      server({ methods: ['api-key', 'jwt'], identityProviders: ['corp', 'other'] }),
    );
    expect([...accepted.methods]).toEqual(['jwt']);
    expect([...(accepted.providers ?? [])]).toEqual(['corp']);
    // a server's own block alone applies as it is
    expect([...acceptedBy(workspace(), server({ methods: ['api-key'] })).methods]).toEqual(['api-key']);
  });
});
