import { describe, expect, it } from 'vitest';
import type { Principal } from '../core/config.js';
import type { McpMessage } from '../mcp/view.js';
import { keysOf } from './scope.js';

const ada = { user: 'ada', workspace: 'default', method: 'api-key' } as Principal;
const call = {
  kind: 'request',
  method: 'tools/call',
  target: { kind: 'tool', name: 'search' },
} as McpMessage;

describe('keysOf', () => {
  it('keys a message per combination of its dimensions, each value escaped', () => {
    expect(keysOf(['user', 'team'], ada, ['sre', 'a;b=c'], 'github', call)).toEqual([
      'user=ada;team=sre;',
      'user=ada;team=a%3Bb%3Dc;',
    ]);
    expect(keysOf(['server', 'tool'], ada, [], 'github', call)).toEqual(['server=github;tool=search;']);
  });

  it('keeps a principal in no team apart from a team a token names "-"', () => {
    const none = keysOf(['team'], ada, [], 'github', call);
    const dash = keysOf(['team'], ada, ['-'], 'github', call);
    // those in none keep the key they always had
    expect(none).toEqual(['team=-;']);
    expect(dash).toEqual(['team=%2D;']);
  });
});
