import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { handler } from './management.js';
import { apiGatewayEvent } from './test-support.js';

const saved = { ...process.env };
afterEach(() => {
  for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
  Object.assign(process.env, saved);
  vi.restoreAllMocks();
});

describe('the management function', () => {
  it('answers problem+json when it cannot start, and tries again on the next request', async () => {
    delete process.env.MCP_GATEWAY_TABLE;
    const logged: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => void logged.push(line));
    const event = apiGatewayEvent({ httpMethod: 'GET', path: '/v1/servers' });
    const context = { getRemainingTimeInMillis: () => 10_000 } as Context;
    for (let attempt = 0; attempt < 2; attempt++) {
      const answer = (await handler(event, context)) as {
        statusCode: number;
        headers: Record<string, string>;
        body: string;
      };
      // a setting refused: no use trying again at once (a secret or store unreadable would be a 503)
      expect(answer.statusCode).toBe(500);
      expect(answer.headers['content-type']).toBe('application/problem+json');
      expect(JSON.parse(answer.body)).toMatchObject({
        code: 'internal',
        detail: 'The management API is not configured correctly (its log says why).',
      });
    }
    // the reason is in the log, not in the answer
    expect(logged.filter((line) => line.includes('MCP_GATEWAY_TABLE is not set'))).toHaveLength(2);
  });
});
