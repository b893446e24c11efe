import { describe, expect, it } from 'vitest';
import { ApiClient } from '../client/api-client.js';
import { Unknown } from '../codec/value.js';
import { resourceModel } from '../generated/resource-model.js';
import { DiagnosticsError } from '../protocol/diagnostics.js';
import { ViewDataSource } from './view.js';

const view = resourceModel.views.find((v) => v.terraformType === 'mcpgateway_server_tools')!;

function client(answer: (url: string) => Response) {
  const asked: string[] = [];
  const api = new ApiClient({
    endpoint: 'http://127.0.0.1:1',
    apiKey: 'admin',
    retries: 0,
    fetch: (async (url: string | URL) => {
      asked.push(String(url));
      return answer(String(url));
    }) as typeof fetch,
  });
  return { api, asked };
}

describe('the server_tools view', () => {
  it('reads a server’s tools with their pins and quarantine, by the server id', async () => {
    const { api, asked } = client(() =>
      Response.json({
        items: [
          {
            name: 'deploy',
            description: 'Deploys.',
            inputSchema: { type: 'object' },
            hash: 'b'.repeat(64),
            provisioned: true,
            pin: { hash: 'a'.repeat(64), pinnedAt: '2026-12-01T00:00:00.000Z' },
            quarantined: true,
          },
        ],
        hash: 'c'.repeat(64),
        updatedAt: '2026-12-01T00:00:00.000Z',
      }),
    );
    const source = new ViewDataSource(view);
    const state = await source.read(api, { server_id: 'srv_1' });
    expect(asked).toEqual(['http://127.0.0.1:1/v1/servers/srv_1/tools']);
    expect(state['server_id']).toBe('srv_1');
    expect(state['hash']).toBe('c'.repeat(64));
    const [deploy] = state['items'] as Record<string, unknown>[];
    expect(deploy).toMatchObject({
      name: 'deploy',
      quarantined: true,
      input_schema: '{"type":"object"}',
      pin: { hash: 'a'.repeat(64), pinned_at: '2026-12-01T00:00:00.000Z', approved_by: null },
    });
  });

  it('requires the server id, known, and says when there is no such server', async () => {
    const source = new ViewDataSource(view);
    expect(source.attributes.find((a) => a.name === 'server_id')).toMatchObject({ required: true });
    const { api } = client(() =>
      Response.json(
        { type: 'about:blank', title: 'Not found', status: 404, code: 'not_found' },
        { status: 404 },
      ),
    );
    await expect(source.read(api, { server_id: 'srv_missing' })).rejects.toBeInstanceOf(DiagnosticsError);
    await expect(source.read(api, { server_id: new Unknown() })).rejects.toBeInstanceOf(DiagnosticsError);
  });
});
