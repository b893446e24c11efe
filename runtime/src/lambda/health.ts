/**
 * Lambda entry point of the scheduled health checker: probes every enabled upstream server and records
 * the result in the store. Composition root for that schedule.
 */
import middy from '@middy/core';
import { systemClock } from '../core/clock.js';
import { createUrlGuard } from '../core/url-guard.js';
import { checkAllServers, type HealthResult } from '../mcp/health.js';
import { LegacySseTransport } from '../mcp/upstream/legacy-sse.js';
import { StreamableHttpTransport } from '../mcp/upstream/streamable-http.js';
import { createDynamoStore } from '../store/dynamodb.js';
import { readSettings } from './environment.js';

export const handler = middy<unknown, { checked: number; unhealthy: HealthResult[] }>({
  timeoutEarlyInMillis: 0,
}).handler(async () => {
  const settings = readSettings();
  const store = createDynamoStore({
    tableName: settings.tableName,
    ...(settings.dynamodbEndpoint !== undefined ? { endpoint: settings.dynamodbEndpoint } : {}),
  });
  const legacy = new LegacySseTransport();
  try {
    const results = await checkAllServers({
      store,
      clock: systemClock,
      guard: createUrlGuard({ allowLoopback: settings.local, allowPrivate: settings.allowPrivateUpstreams }),
      transports: { 'streamable-http': new StreamableHttpTransport(), sse: legacy },
    });
    const unhealthy = results.filter((r) => !r.healthy);
    for (const r of unhealthy) console.error(`mcp-gateway health: ${r.server} is unhealthy (${r.error})`);
    return { checked: results.length, unhealthy };
  } finally {
    legacy.closeAll();
    await store.close();
  }
});
