import { describe, expect, it } from 'vitest';
import { resourceModel } from '../generated/resource-model.js';
import { findResource } from '../model/index.js';
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
});
