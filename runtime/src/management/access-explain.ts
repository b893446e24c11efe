/**
 * `POST /v1/access/evaluate`: what the data plane's policies decide for a principal's message to a server,
 * and what decided it — tool provisioning, an access policy, the workspace default — read from the store
 * as it is now (no cache), so a CI check sees a policy change at once. When the policies allow, the
 * authorization webhook is asked as the data plane would ask it, and may deny. On a virtual server, a
 * tool or prompt the virtual server allows is then judged by the member that serves it, as the member's
 * own pipeline judges the call there.
 */

import { grantedScopes } from '../auth/protected-resource.js';
import { quarantined, readPins } from '../catalog/pins.js';
import { readCatalog } from '../catalog/store.js';
import { readWorkspaceRules } from '../config/reader.js';
import type { Principal, Server, Webhook, Workspace } from '../core/config.js';
import { GatewayError } from '../core/errors.js';
import type { McpTarget } from '../mcp/view.js';
import { routeName } from '../mcp/virtual-names.js';
import { compileAccess } from '../policies/access/rules.js';
import type { AuthzWebhooks } from '../policies/access/webhook.js';
import { acceptedBy, METHODS, type Method, refusalOf } from '../policies/authenticate/accepted.js';
import { serverToolPolicy } from '../policies/tool-provisioning/rules.js';
import { allows, type Caller } from './access.js';
import type { ResourceService } from './service.js';

export interface AccessAnswer {
  decision: 'allow' | 'deny';
  source: 'policy' | 'default' | 'provisioning' | 'pinning' | 'webhook';
  policy?: string;
  webhook?: string;
  reason: string;
}

interface Question {
  principal: {
    user: string;
    email?: string;
    teams?: string[];
    claims?: Record<string, unknown>;
    method?: string;
  };
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
  webhooks?: AuthzWebhooks,
): Promise<AccessAnswer> {
  const answer = await explainOne(service, caller, body, now, webhooks);
  const question = body as Question;
  const stored = await service.findByUnique('server', 'name', question.server);
  const server = stored as unknown as Server | undefined;
  const named = question.tool ?? question.prompt;
  if (answer.decision === 'deny' || server?.transport !== 'virtual' || named === undefined) return answer;
  const kind = question.tool !== undefined ? 'tool' : 'prompt';
  const routed = routeName(server.members ?? [], named);
  const member = routed === undefined ? undefined : server.members?.[routed.index]?.server;
  const memberServer =
    member === undefined ? undefined : await service.findByUnique('server', 'name', member);
  const workspaceOf = (item: Record<string, unknown> | undefined) => item?.['workspace'] ?? 'default';
  // as in the data plane: a name no member serves, a member of another workspace or one switched off
  // reaches nothing
  if (
    routed === undefined ||
    memberServer === undefined ||
    workspaceOf(memberServer) !== workspaceOf(stored) ||
    memberServer['enabled'] === false
  )
    return {
      decision: 'deny',
      source: 'default',
      reason: `No member of virtual server "${server.name}" serves ${kind} "${named}".`,
    };
  const inMember = await explainOne(
    service,
    caller,
    { ...question, server: member, [kind]: routed.name },
    now,
    webhooks,
  );
  const via = `Virtual server "${server.name}": ${answer.reason} Its member "${member}" serves it as ${kind} "${routed.name}":`;
  return { ...inMember, reason: `${via} ${inMember.reason}` };
}

async function explainOne(
  service: ResourceService,
  caller: Caller,
  body: unknown,
  now: number,
  webhooks?: AuthzWebhooks,
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
  // as the data plane: a server switched off serves nobody, and a caller whose way of signing in the
  // server (or its workspace) does not accept never gets as far as its policies
  if (server.enabled === false)
    return {
      decision: 'deny',
      source: 'default',
      reason: `Server "${server.name}" is disabled: every call to it is refused.`,
    };
  const method = question.principal.method ?? 'jwt';
  const accepted = acceptedBy(
    (await service.findByUnique('workspace', 'name', workspace)) as unknown as Workspace | undefined,
    server,
  );
  if ((METHODS as readonly string[]).includes(method) && !accepted.methods.has(method as Method))
    return {
      decision: 'deny',
      source: 'default',
      reason: `Server "${server.name}" does not accept callers signed in by ${method}: ${refusalOf[method as Method]}`,
    };
  // a token without every scope the server asks for is refused before any policy (403 insufficient_scope)
  if (method === 'jwt' || method === 'oauth') {
    const granted = grantedScopes(question.principal.claims);
    const missing = (server.scopes ?? []).filter((scope) => !granted.has(scope));
    if (missing.length > 0)
      return {
        decision: 'deny',
        source: 'default',
        reason: `Server "${server.name}" needs tokens with the scopes ${missing.map((m) => `"${m}"`).join(', ')}, which the caller's claims do not grant (403 insufficient_scope).`,
      };
  }
  const target = targetOf(question);
  if (target?.kind === 'tool' && question.method === 'tools/call' && server.toolPinning === 'quarantine') {
    const serverId = server.id ?? server.name;
    const [pins, catalog] = await Promise.all([
      readPins(service.store, serverId),
      readCatalog(service.store, serverId),
    ]);
    const known = catalog?.tools.find((t) => t.name === target.name);
    if (quarantined(pins.get(target.name), known, catalog?.updatedAt))
      return {
        decision: 'deny',
        source: 'pinning',
        reason: `Tool "${target.name}" of server "${server.name}" changed since its definition was approved; it is quarantined until an admin approves the new one.`,
      };
  }
  /** Said after the policies' reason when read-only provisioning cannot tell yet. */
  let unknownAnnotations = '';
  if (target?.kind === 'tool') {
    const provisioning = serverToolPolicy(server);
    const refused = {
      decision: 'deny',
      source: 'provisioning',
      reason: `Tool "${target.name}" is not provisioned on server "${server.name}" (its tools rules).`,
    } as const;
    if (provisioning.active && !provisioning.allowsName(target.name)) return refused;
    if (provisioning.needsAnnotations) {
      // read-only provisioning offers a tool by its annotations, as the catalog holds them
      const catalog = await readCatalog(service.store, server.id ?? server.name);
      const tool = catalog?.tools.find((t) => t.name === target.name);
      if (catalog === undefined)
        unknownAnnotations = ` Server "${server.name}" offers read-only tools only, and its catalog is not known yet: the gateway reads it at the first call.`;
      else if (tool === undefined || !provisioning.offers(tool.name, tool.annotations))
        return {
          ...refused,
          reason: `Tool "${target.name}" is not provisioned on server "${server.name}": it offers read-only tools only, and its catalog does not annotate this one readOnlyHint.`,
        };
    }
  }
  const principal: Principal = {
    user: question.principal.user,
    workspace,
    method: question.principal.method ?? 'jwt',
    credentialId: 'explainer',
    ...(question.principal.email !== undefined ? { email: question.principal.email } : {}),
    ...(question.principal.teams !== undefined ? { teams: question.principal.teams } : {}),
    ...(question.principal.claims !== undefined ? { claims: question.principal.claims } : {}),
  };
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(question.headers ?? {})) headers[name.toLowerCase()] = value;
  const engine = await compileAccess(await readWorkspaceRules(service.store, workspace));
  const decision = engine.decide({
    principal,
    server: server.name,
    method: question.method,
    target,
    arguments: question.arguments,
    headers,
    time: now,
  });
  const named = decision.allowed
    ? (server.authzWebhook ?? (await service.findByUnique('workspace', 'name', workspace))?.['authzWebhook'])
    : undefined;
  const answer: AccessAnswer = {
    decision: decision.allowed ? 'allow' : 'deny',
    source: decision.source,
    ...(decision.policy !== undefined ? { policy: decision.policy } : {}),
    reason: `${decision.reason}${decision.allowed ? unknownAnnotations : ''}`,
  };
  if (typeof named !== 'string') return answer;
  // the policies allow: the webhook has the last word, asked as the data plane would ask it
  const hook = await service.findByUnique('webhook', 'name', named, true);
  // a name that leads nowhere usable refuses every message, as in the data plane
  if (hook === undefined || hook['workspace'] !== workspace)
    return {
      decision: 'deny',
      source: 'webhook',
      webhook: named,
      reason: `The authorization webhook "${named}" is not a webhook of workspace "${workspace}": every message to server "${server.name}" is refused.`,
    };
  if (webhooks === undefined)
    return {
      ...answer,
      webhook: named,
      reason: `${answer.reason} The authorization webhook "${named}" is asked next.`,
    };
  const asked = await webhooks.decide(hook as unknown as Webhook, {
    principal,
    teams: engine.teamsOf(principal),
    server,
    method: question.method,
    target,
    arguments: question.arguments,
    // an admin's what-if, not a call: the webhook can tell (and need not treat it as one)
    explain: true,
  });
  return asked.allow
    ? {
        ...answer,
        webhook: named,
        reason: `${answer.reason} The authorization webhook "${named}" allows it.`,
      }
    : { decision: 'deny', source: 'webhook', webhook: named, reason: asked.reason };
}
