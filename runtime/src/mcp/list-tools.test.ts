import { describe, expect, it } from 'vitest';
import { listUpstreamTools } from './list-tools.js';
import type { UpstreamPost, UpstreamReply, UpstreamTarget, UpstreamTransport } from './upstream/types.js';

const target: UpstreamTarget = {
  name: 'up',
  url: 'http://127.0.0.1:9/mcp',
  headers: {},
  timeoutMs: 5000,
  maxMessageBytes: 16 * 1024 * 1024,
};

const json = (value: unknown): UpstreamReply => ({
  status: 200,
  contentType: 'application/json',
  body: (async function* () {
    yield new TextEncoder().encode(JSON.stringify(value));
  })(),
});

/** An upstream whose every tools/list page holds `perPage` tools and names a next page. */
function endlessPages(perPage: number) {
  let pages = 0;
  let terminated = 0;
  const transport: UpstreamTransport = {
    async post(_target, { messages }: UpstreamPost) {
      const message = messages[0] as { id?: unknown; method?: string };
      if (message.method === 'initialize')
        return json({ jsonrpc: '2.0', id: message.id, result: { capabilities: { tools: {} } } });
      if (message.method !== 'tools/list') return { status: 202 };
      pages++;
      const tools = Array.from({ length: perPage }, (_, i) => ({ name: `t${pages}_${i}` }));
      return json({ jsonrpc: '2.0', id: message.id, result: { tools, nextCursor: `p${pages}` } });
    },
    async listen() {
      return { status: 405 };
    },
    async terminate() {
      terminated++;
    },
  };
  return { transport, pages: () => pages, terminated: () => terminated };
}

describe('listUpstreamTools', () => {
  it('refuses a list cut short by the page bound, rather than take it for the whole list', async () => {
    const upstream = endlessPages(1);
    await expect(listUpstreamTools(target, upstream.transport)).rejects.toMatchObject({
      code: 'upstream_error',
      message: expect.stringContaining('past 100 pages'),
    });
    expect(upstream.pages()).toBe(100);
    expect(upstream.terminated()).toBe(1);
  });

  it('refuses a list past any real server’s, before reading on', async () => {
    const upstream = endlessPages(4000);
    await expect(listUpstreamTools(target, upstream.transport)).rejects.toMatchObject({
      message: expect.stringContaining('more than 10000 tools'),
    });
    expect(upstream.pages()).toBe(3);
  });
});
