/**
 * `POST /v1/access/evaluate`: what the data plane's policies decide for a principal's message to a server,
 * and what decided it — tool provisioning, an access policy, the workspace default — read from the store
 * as it is now (no cache), so a CI check sees a policy change at once. The authorization webhook the data
 * plane would ask next is named, not called.
 */
import { readAccessRules } from '../config/reader.js';
import type { Principal, Server } from '../core/config.js';
import { GatewayError } from '../core/errors.js';
import type { McpTarget } from '../mcp/view.js';
import { compileAccess } from '../policies/access/rules.js';
import { serverToolPolicy } from '../policies/tool-provisioning/rules.js';
import { allows, type Caller } from './access.js';
import type { ResourceService } from './service.js';

export interface AccessAnswer {
  decision: 'allow' | 'deny';
  source: 'policy' | 'default' | 'provisioning';
  policy?: string;
  webhook?: string;
  reason: string;
}

interface Question {
  principal: { user: string; teams?: string[]; claims?: Record<string, unknown>; method?: string };
  server: string;
  method: string;
  tool?: string;
  prompt?: string;
  resource?: string;
  arguments?: Record<string, unknown>;
  headers?: Record<string, string>;
}

function targetOf(question: Question): McpTarget | undefined {
  if (question.tool !== undefined) return { kind: 'tool', name: question.tool };
  if (question.prompt !== undefined) return { kind: 'prompt', name: question.prompt };
  if (question.resource !== undefined) return { kind: 'resource', name: question.resource };
  return undefined;
}

export async function explainAccess(
  service: ResourceService,
  caller: Caller,
  body: unknown,
  now: number,
): Promise<AccessAnswer> {
  const checked = service.validator.validateSchema('AccessQuestion', body);
  if (!checked.ok)
    throw new GatewayError('validation_failed', 'The request body is not valid.', { errors: checked.errors });
  const question = checked.value as unknown as Question;
  const stored = await service.findByUnique('server', 'name', question.server);
  const workspace = typeof stored?.['workspace'] === 'string' ? stored['workspace'] : 'default';
  if (stored === undefined || !allows(caller, 'read', 'server', workspace))
    throw new GatewayError('not_found', `Unknown MCP server "${question.server}".`);
  const server = stored as unknown as Server;
  const target = targetOf(question);
  if (target?.kind === 'tool') {
    const provisioning = serverToolPolicy(server);
    if (provisioning.active && !provisioning.allowsName(target.name))
      return {
        decision: 'deny',
        source: 'provisioning',
        reason: `Tool "${target.name}" is not provisioned on server "${server.name}" (its tools rules).`,
      };
  }
  const principal: Principal = {
    user: question.principal.user,
    workspace,
    method: question.principal.method ?? 'jwt',
    credentialId: 'explainer',
    ...(question.principal.teams !== undefined ? { teams: question.principal.teams } : {}),
    ...(question.principal.claims !== undefined ? { claims: question.principal.claims } : {}),
  };
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(question.headers ?? {})) headers[name.toLowerCase()] = value;
  const decision = compileAccess(await readAccessRules(service.store, workspace)).decide({
    principal,
    server: server.name,
    method: question.method,
    target,
    arguments: question.arguments,
    headers,
    time: now,
  });
  const webhook = decision.allowed
    ? (server.authzWebhook ?? (await service.findByUnique('workspace', 'name', workspace))?.['authzWebhook'])
    : undefined;
  return {
    decision: decision.allowed ? 'allow' : 'deny',
    source: decision.source,
    ...(decision.policy !== undefined ? { policy: decision.policy } : {}),
    ...(typeof webhook === 'string' ? { webhook } : {}),
    reason:
      typeof webhook === 'string'
        ? `${decision.reason} The authorization webhook "${webhook}" is asked next.`
        : decision.reason,
  };
}
