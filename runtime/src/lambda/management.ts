/**
 * Lambda entry point of the management API (`/v1/*`). Composition root: wires DynamoDB, the admin key
 * (environment, Secrets Manager or the stored hash) and the platform-neutral API.
 */

import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { AuditLog } from '../audit/log.js';
import { systemClock } from '../core/clock.js';
import { errorAnswer, GatewayError } from '../core/errors.js';
import { finishesWithin } from '../core/time.js';
import { createManagementApi, type ManagementApi } from '../management/api.js';
import { adminKeyFor } from './admin-key.js';
import { sealerFor, storeFor } from './environment.js';
import { fromApiGatewayEvent, toApiGatewayResult } from './event.js';
import { managementOutboundFor, managementTokensFor } from './management-tokens.js';
import { publicOutboundFor } from './outbound.js';
import { readSettings } from './settings.js';

let api: ReturnType<typeof build> | undefined;
/** How long a request waits, at most, for change records the store refused a moment ago. */
const FLUSH_MS = 3000;

async function build(): Promise<{ api: ManagementApi; audit: AuditLog }> {
  const settings = readSettings();
  const store = storeFor(settings);
  const audit = new AuditLog(store, systemClock, settings.auditRetentionDays);
  const api = createManagementApi({
    store,
    sealer: sealerFor(settings),
    // a deployment's key is in its secret (or the environment): one minted here would be shown to nobody
    adminKey: await adminKeyFor(settings, store, {
      generate: false,
      noKey:
        'No admin key: set MCP_GATEWAY_ADMIN_KEY_SECRET_ARN to the admin key secret (or MCP_GATEWAY_ADMIN_KEY).',
    }),
    tokens: managementTokensFor(settings, store),
    outbound: managementOutboundFor(settings),
    publicOutbound: publicOutboundFor(settings, true),
    audit,
    auditRetentionDays: settings.auditRetentionDays,
    // as the local server refuses before the API sees it: the same limit behind API Gateway
    maxBodyBytes: settings.maxBodyBytes,
    onError: (error, request) =>
      console.error(`mcp-gateway management: ${request.method} ${request.path}: ${String(error)}`),
  });
  return { api, audit };
}

const NOT_STARTED = new GatewayError(
  'store_unavailable',
  'The management API could not start (its admin key or store could not be read); try again, or see its log.',
);

const NOT_CONFIGURED = new GatewayError(
  'internal',
  'The management API is not configured correctly (its log says why).',
);

export const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult>({
  timeoutEarlyInMillis: 0,
}).handler(async (event: APIGatewayProxyEvent, context: Context) => {
  api ??= build();
  api.catch(() => {
    api = undefined; // a failed cold start (e.g. secret unreadable) is retried on the next request
  });
  let built: Awaited<typeof api>;
  try {
    built = await api;
  } catch (error) {
    // problem+json a client (the Terraform provider) can show, not API Gateway's bare 502
    console.error(`mcp-gateway management: cannot start: ${String(error)}`);
    // a setting refused is no moment's failure: a client that tries again is told so
    const configured = !(error instanceof GatewayError && error.code === 'internal');
    return toApiGatewayResult(errorAnswer(configured ? NOT_STARTED : NOT_CONFIGURED, true));
  }
  const request = fromApiGatewayEvent(event);
  // what must answer within the function's time (a reseal) knows how much it has
  request.deadline = Date.now() + context.getRemainingTimeInMillis();
  const answer = toApiGatewayResult(await built.api(request), request.method);
  // a change record the store refused is tried again before the function is frozen, within the time
  // left (its whole event was logged when it was refused)
  if (built.audit.pending > 0) {
    const left = Math.min(FLUSH_MS, context.getRemainingTimeInMillis() - 2000);
    if (left > 0) await finishesWithin(built.audit.flush(), left);
  }
  return answer;
});
