import { describe, expect, it } from 'vitest';
import { type ApiClient, ApiError } from '../client/api-client.js';
import { resourceModel } from '../generated/resource-model.js';
import { findResource } from '../model/index.js';
import { DiagnosticsError } from '../protocol/diagnostics.js';
import { ManagedResource } from './resource.js';

describe('ManagedResource', () => {
  it('updates with PUT only: every modelled update is PUT, and a PATCH update is refused up front', () => {
    for (const model of resourceModel.resources) expect(model.operations.update?.method).toBe('put');
    const server = findResource(resourceModel, 'mcpgateway_server')!;
    const update = { ...server.operations.update!, method: 'patch' as const };
    expect(() => new ManagedResource({ ...server, operations: { ...server.operations, update } })).toThrow(
      /updates with PUT/,
    );
  });

  it('drops an object from the state on its own 404 only, never on a route the API does not have', async () => {
    const resource = new ManagedResource(findResource(resourceModel, 'mcpgateway_server')!);
    const failing = (code: string, detail: string) =>
      ({
        request: async () => {
          throw new ApiError(detail, 404, { status: 404, code, detail }, 'getServer');
        },
      }) as unknown as ApiClient;
    const current = { id: 'srv_1', name: 'x' };
    const gone = await resource.read(failing('not_found', 'No server has the id srv_1.'), current, undefined);
    expect(gone.state).toBeNull();
    const misrouted = await resource
      .read(failing('route_not_found', 'No route for /v1/v1/servers/srv_1.'), current, undefined)
      .catch((error: unknown) => error);
    expect(misrouted).toBeInstanceOf(DiagnosticsError);
    expect((misrouted as DiagnosticsError).diagnostics[0]?.detail).toContain(
      "Check the provider's endpoint (or MCPGATEWAY_ENDPOINT): it is the gateway's base URL, without /v1.",
    );
  });
});
