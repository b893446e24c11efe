import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../store/memory.js';
import { readSettings } from './environment.js';
import { gatewayOptionsFor } from './gateway-options.js';

describe('gatewayOptionsFor', () => {
  it('lets upstreams reach private addresses when allowed, never what an unauthenticated caller can name', async () => {
    const settings = readSettings({ MCP_GATEWAY_TABLE: 't', MCP_GATEWAY_ALLOW_PRIVATE_UPSTREAMS: 'true' });
    const options = gatewayOptionsFor(settings, new MemoryStore());
    await expect(options.guard.check('https://10.0.0.5/mcp')).resolves.toBeUndefined();
    // a client metadata document (`client_id` is a URL anyone may name) stays on public addresses
    await expect(options.publicOutbound!.guard.check('https://10.0.0.5/client.json')).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(options.publicOutbound!.guard.check('https://169.254.169.254/latest')).rejects.toThrow();
  });
});
