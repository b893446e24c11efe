/**
 * The resource-specific rules of workspaces, servers, api keys and identity providers, as hooks of the
 * generic service.
 */

import { apiKeySecretPrefix } from '../auth/api-keys.js';
import { isMcpAudience, looksLikeJwt } from '../auth/jwt.js';
import { keyUsagePartition, lastUseOf } from '../auth/key-usage.js';
import { generateSecret, hashSecret, sameHash } from '../auth/secrets.js';
import { redirectUriProblem } from '../broker/register.js';
import { dismissEntry } from '../catalog/dismissed.js';
import { deletePins } from '../catalog/pins.js';
import { deleteCatalog } from '../catalog/store.js';
import type { Clock } from '../core/clock.js';
import { type FieldError, GatewayError } from '../core/errors.js';
import { isObject } from '../core/json-object.js';
import { loadPatternEngine, re2Problem } from '../core/pattern-engine.js';
import { healthKey } from '../mcp/health-record.js';
import { claimPatternProblem } from '../policies/access/claim-pattern.js';
import { conditionLanguage } from '../policies/access/conditions.js';
import { apiKeyLookupKey, readResource, resourceFromItem } from '../store/config-items.js';
import { ConditionFailedError, type StateStore, type StoredItem } from '../store/port.js';
import type { Sealer } from '../vault/sealer.js';
import { forgetServerTokens } from '../vault/upstream-oauth.js';
import { webhookUrlProblem } from '../webhooks/call.js';
import { headerErrors, openApiPatched, serverErrors, urlErrors } from './servers.js';
import {
  changedConcurrently,
  type ForgetServerTokens,
  type HookContext,
  type Json,
  type Reference,
  type ResourceHooks,
  ResourceService,
} from './service.js';
import { type ClaimRequest, claim, releaseClaim } from './storage.js';
import type { SpecValidator } from './validation.js';

export const defaultWorkspaceName = 'default';
/** The default workspace has a fixed id, so creating it concurrently from many instances is idempotent. */
export const defaultWorkspaceId = 'default';
/** How many leading characters of a generated key are kept (and shown) to recognise it. */
export const apiKeyDisplayLength = 12;
/** How many leading characters of a supplied secret are kept: few, so the prefix does not weaken it. */
export const suppliedSecretDisplayLength = 4;

/** Creates the `default` workspace unless it exists. Safe to call concurrently and repeatedly. */
export async function ensureDefaultWorkspace(service: ResourceService): Promise<void> {
  const model = service.model('workspace');
  if ((await readResource(service.store, 'workspace', defaultWorkspaceId)) !== undefined) return;
  const result = service.validator.validateBody(model, 'create', {
    name: defaultWorkspaceName,
    description: 'The workspace servers and keys belong to unless they name another.',
  });
  if (!result.ok) throw new Error('the default workspace does not satisfy the spec');
  try {
    await service.insert(model, defaultWorkspaceId, result.value);
  } catch (error) {
    if (!(error instanceof GatewayError && (error.code === 'already_exists' || error.code === 'conflict')))
      throw error;
  }
}

export async function workspaceExists(service: ResourceService, name: string): Promise<boolean> {
  if ((await service.findByUnique('workspace', 'name', name)) !== undefined) return true;
  if (name !== defaultWorkspaceName) return false;
  await ensureDefaultWorkspace(service);
  return true;
}

/** A server or api key must name an existing workspace (checked when it is set, i.e. on create). */
const workspaceReference: NonNullable<ResourceHooks['validate']> = async (ctx, value, current) => {
  const workspace = value['workspace'];
  if (typeof workspace !== 'string' || current?.['workspace'] === workspace) return [];
  if (await workspaceExists(ctx.service, workspace)) return [];
  return [{ pointer: '/workspace', detail: `no workspace is named ${JSON.stringify(workspace)}` }];
};

/**
 * `authnWebhook` and `authzWebhook` must name webhooks of the same workspace (the workspace's own name for
 * a workspace).
 */
async function webhookReference(ctx: HookContext, value: Json, workspace: unknown): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  for (const field of ['authnWebhook', 'authzWebhook']) {
    const name = value[field];
    if (typeof name !== 'string') continue;
    const webhook = await ctx.service.findByUnique('webhook', 'name', name);
    if (webhook !== undefined && webhook['workspace'] === workspace) continue;
    errors.push({
      pointer: `/${field}`,
      detail: `no webhook of workspace ${JSON.stringify(workspace)} is named ${JSON.stringify(name)}`,
    });
  }
  return errors;
}

/** The identity providers a workspace's or server's `authentication` names. */
const namedProviders = (value: Json): unknown[] => {
  const authentication = value['authentication'];
  const names = isObject(authentication) ? authentication['identityProviders'] : undefined;
  return Array.isArray(names) ? names : [];
};

/**
 * `authentication.identityProviders` must name identity providers whose tokens can serve the workspace
 * (its own, or one mapping workspaces from a claim): any other name would refuse every token now, and
 * trust whichever provider takes the name later. Names the resource had already are left to it.
 */
async function providerReferences(
  ctx: HookContext,
  value: Json,
  workspace: unknown,
  current: Json | undefined,
): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const had = current === undefined ? [] : namedProviders(current);
  for (const [index, name] of namedProviders(value).entries()) {
    if (typeof name !== 'string' || had.includes(name)) continue;
    const provider = await ctx.service.findByUnique('identity_provider', 'name', name);
    if (provider !== undefined && (provider['workspace'] === workspace || mapsWorkspaces(provider))) continue;
    errors.push({
      pointer: `/authentication/identityProviders/${index}`,
      detail: `no identity provider serving workspace ${JSON.stringify(workspace)} is named ${JSON.stringify(name)}`,
    });
  }
  return errors;
}

/** A resource as a conflict names it: its name, its workspace when it has one, and its id. */
const describe = (resource: Json): string => {
  const workspace =
    typeof resource['workspace'] === 'string' ? ` in workspace ${JSON.stringify(resource['workspace'])}` : '';
  return `${JSON.stringify(resource['name'])}${workspace}, ${String(resource['id'])}`;
};

/** Whether an identity provider maps workspaces from a claim (its tokens may serve any workspace). */
const mapsWorkspaces = (provider: Json | undefined): boolean => {
  const claims = provider?.['claims'];
  return isObject(claims) && typeof claims['workspace'] === 'string';
};

/**
 * A provider that stops mapping workspaces from a claim serves its own workspace only: refused while a
 * workspace or server of another one names it (its tokens would be refused there from then on).
 */
async function unmappedReferences(ctx: HookContext, value: Json, current: Json | undefined) {
  if (current === undefined || !mapsWorkspaces(current) || mapsWorkspaces(value)) return [];
  const name = value['name'];
  const home = value['workspace'] ?? defaultWorkspaceName;
  for (const type of ['workspace', 'server'] as const) {
    const workspaceOf = (r: Json) =>
      type === 'workspace' ? r['name'] : (r['workspace'] ?? defaultWorkspaceName);
    const naming = await ctx.service.firstWhere(
      type,
      (r) => namedProviders(r).includes(name) && workspaceOf(r) !== home,
    );
    if (naming !== undefined)
      return [
        {
          pointer: '/claims/workspace',
          detail: `lets a ${type} of another workspace name this provider in authentication.identityProviders: change that ${type} first (${describe(naming)})`,
        },
      ];
  }
  return [];
}

/**
 * Why a server can never take calls as another's fallback (undefined: it can): what it sends upstream is
 * the user's own (their identity, their tokens), made for the server the client named.
 */
function unusableFallback(server: Json): { pointer: string; why: string } | undefined {
  if (server['transport'] === 'virtual')
    return {
      pointer: '/transport',
      why: 'a virtual server: a fallback takes calls for an upstream of its own',
    };
  if (server['identity'] != null)
    return {
      pointer: '/identity',
      why: "forwards its users' identity, made for the server the client named",
    };
  const credentials = server['credentials'] as Json | null | undefined;
  if (credentials != null && credentials['kind'] !== 'client-credentials')
    return {
      pointer: '/credentials',
      why: "calls with each user's own tokens, made for the server the client named",
    };
  return undefined;
}

async function fallbackReferences(ctx: HookContext, value: Json): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const own = value['name'];
  const unusable = unusableFallback(value);
  if (
    unusable !== undefined &&
    typeof own === 'string' &&
    (await ctx.service.anyWith('server', 'fallbacks', own))
  )
    errors.push({
      pointer: unusable.pointer,
      detail: `another server falls back to this one, and a fallback is never one that is ${unusable.why}`,
    });
  const fallbacks = value['fallbacks'];
  if (!Array.isArray(fallbacks)) return errors;
  const workspace = value['workspace'] ?? defaultWorkspaceName;
  for (const [index, name] of fallbacks.entries()) {
    const pointer = `/fallbacks/${index}`;
    if (name === value['name']) {
      errors.push({ pointer, detail: 'is this server itself' });
      continue;
    }
    const server =
      typeof name === 'string' ? await ctx.service.findByUnique('server', 'name', name) : undefined;
    if (server === undefined || server['workspace'] !== workspace)
      errors.push({
        pointer,
        detail: `no other server of workspace ${JSON.stringify(workspace)} is named ${JSON.stringify(name)}`,
      });
    else {
      const why = unusableFallback(server)?.why;
      if (why !== undefined) errors.push({ pointer, detail: `is ${why}: it would never be used` });
    }
  }
  return errors;
}

/** A virtual server's `members` are other servers of its workspace, none of them virtual. */
async function memberReferences(ctx: HookContext, value: Json): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const name = value['name'];
  if (
    value['transport'] === 'virtual' &&
    typeof name === 'string' &&
    (await ctx.service.anyWith('server', 'members', name, 'server'))
  )
    errors.push({
      pointer: '/transport',
      detail: 'this server is a member of a virtual server, which cannot have virtual members',
    });
  const members = value['members'];
  if (!Array.isArray(members)) return errors;
  const workspace = value['workspace'] ?? defaultWorkspaceName;
  for (const [index, member] of members.entries()) {
    const pointer = `/members/${index}/server`;
    const memberName = isObject(member) ? member['server'] : undefined;
    if (memberName === name) {
      errors.push({ pointer, detail: 'is this server itself' });
      continue;
    }
    const server =
      typeof memberName === 'string'
        ? await ctx.service.findByUnique('server', 'name', memberName)
        : undefined;
    if (server === undefined || server['workspace'] !== workspace)
      errors.push({
        pointer,
        detail: `no other server of workspace ${JSON.stringify(workspace)} is named ${JSON.stringify(memberName)}`,
      });
    else if (server['transport'] === 'virtual')
      errors.push({ pointer, detail: 'is a virtual server itself; members are servers with an upstream' });
  }
  return errors;
}

const teamHooks: ResourceHooks = {
  idPrefix: 'team',
  async validate(ctx, value, current) {
    const errors = await workspaceReference(ctx, value, current);
    // no values would make no one a member by the claim: a deny naming the team would deny no one
    if (
      value['claim'] !== undefined &&
      (!Array.isArray(value['values']) || (value['values'] as unknown[]).length === 0)
    )
      errors.push({
        pointer: '/values',
        detail: 'is required with claim, with at least one value: the claim values that mean membership',
      });
    // values without a claim would be read from nowhere: a deny naming the team would deny no one
    if (value['claim'] === undefined && value['values'] !== undefined)
      errors.push({ pointer: '/claim', detail: 'is required with values: the claim whose values they are' });
    return errors;
  },
  // a deny naming a deleted team would silently stop denying its members: refuse while a policy names it
  async beforeDelete(ctx, current) {
    const name = current['name'];
    const workspace = current['workspace'] ?? defaultWorkspaceName;
    const names = (policy: Record<string, unknown>) =>
      (policy['workspace'] ?? defaultWorkspaceName) === workspace &&
      ((policy['subjects'] as { teams?: unknown } | undefined)?.teams as unknown[] | undefined)?.includes(
        name,
      ) === true;
    const naming =
      typeof name === 'string' ? await ctx.service.firstWhere('access_policy', names) : undefined;
    if (naming !== undefined)
      throw new GatewayError(
        'conflict',
        `An access policy names this team; change it first (${describe(naming)}).`,
      );
  },
};

const accessPolicyHooks: ResourceHooks = {
  idPrefix: 'pol',
  async validate(ctx, value, current) {
    const errors = await workspaceReference(ctx, value, current);
    const condition = value['condition'];
    const language = typeof condition === 'string' ? await conditionLanguage() : undefined;
    // a condition written now is type-checked; one kept as stored (written before conditions were
    // typed) only needs to load, so such a policy can still be switched off or described
    const unchanged = current !== undefined && current['condition'] === condition;
    const problem =
      typeof condition !== 'string' || language === undefined
        ? undefined
        : unchanged
          ? language.loadProblem(condition)
          : language.problem(condition);
    if (problem !== undefined) errors.push({ pointer: '/condition', detail: `is not valid CEL: ${problem}` });
    const subjects = value['subjects'] as
      | { teams?: string[]; claims?: { op: string; values?: string[] }[] }
      | undefined;
    if ((subjects?.claims ?? []).some((claim) => claim.op === 'matches')) await loadPatternEngine();
    (subjects?.claims ?? []).forEach((claim, index) => {
      if (claim.op !== 'exists' && (claim.values ?? []).length === 0)
        errors.push({
          pointer: `/subjects/claims/${index}/values`,
          detail: `is required with op ${claim.op}`,
        });
      if (claim.op !== 'matches') return;
      (claim.values ?? []).forEach((pattern, at) => {
        const bad = claimPatternProblem(pattern);
        // claims may carry what users typed: patterns run on RE2, in linear time
        const slow = bad === undefined ? re2Problem(pattern) : undefined;
        if (bad !== undefined || slow !== undefined)
          errors.push({
            pointer: `/subjects/claims/${index}/values/${at}`,
            detail: bad !== undefined ? `is no regular expression: ${bad}` : slow!,
          });
      });
    });
    // a URI is judged by the host it reaches, its user info dropped: a pattern with user info could never
    // match as written (a deny that silently stops holding)
    const resources = Array.isArray(value['resources']) ? (value['resources'] as string[]) : [];
    resources.forEach((pattern, index) => {
      if (/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(pattern))
        errors.push({
          pointer: `/resources/${index}`,
          detail: 'must not hold user info (user@): a URI is judged by the host it reaches',
        });
    });
    const workspace = value['workspace'] ?? defaultWorkspaceName;
    for (const [index, team] of (subjects?.teams ?? []).entries()) {
      const found = await ctx.service.findByUnique('team', 'name', team);
      if (found === undefined || (found['workspace'] ?? defaultWorkspaceName) !== workspace)
        errors.push({
          pointer: `/subjects/teams/${index}`,
          detail: `no team of workspace ${JSON.stringify(workspace)} is named ${JSON.stringify(team)}`,
        });
    }
    return errors;
  },
};

const workspaceHooks: ResourceHooks = {
  idPrefix: 'ws',
  validate: async (ctx, value, current) => [
    ...(await webhookReference(ctx, value, value['name'])),
    ...(await providerReferences(ctx, value, value['name'], current)),
  ],
  async beforeDelete(ctx, current) {
    const name = current['name'];
    if (name === defaultWorkspaceName) {
      throw new GatewayError('conflict', 'The default workspace cannot be deleted.');
    }
    if (typeof name !== 'string') return;
    for (const model of ctx.service.models) {
      if (model === ctx.model || !model.properties.includes('workspace')) continue;
      if (await ctx.service.anyWith(model.annotation.type, 'workspace', name)) {
        throw new GatewayError(
          'conflict',
          `The workspace still has ${model.annotation.plural}; delete or move them first.`,
        );
      }
    }
  },
};

const serverHooks: ResourceHooks = {
  idPrefix: 'srv',
  afterMerge: openApiPatched,
  async validate(ctx, value, current) {
    return [
      ...serverErrors(value),
      ...(await workspaceReference(ctx, value, current)),
      ...(await webhookReference(ctx, value, value['workspace'] ?? defaultWorkspaceName)),
      ...(await providerReferences(ctx, value, value['workspace'] ?? defaultWorkspaceName, current)),
      ...(await fallbackReferences(ctx, value)),
      ...(await memberReferences(ctx, value)),
    ];
  },
  // a server another one falls back to would silently stop catching its traffic
  async beforeDelete(ctx, current) {
    const name = current['name'];
    if (typeof name === 'string' && (await ctx.service.anyWith('server', 'fallbacks', name)))
      throw new GatewayError('conflict', 'Another server names this one in its fallbacks; change it first.');
    if (typeof name === 'string' && (await ctx.service.anyWith('server', 'members', name, 'server')))
      throw new GatewayError('conflict', 'A virtual server has this one as a member; change it first.');
    // one a registry made: its next sync does not make it again. Before the delete, so that a failure
    // leaves the server as it was rather than deleted and bound to come back
    const from = current['origin'] as { registryId?: unknown; name?: unknown } | undefined;
    if (typeof from?.registryId === 'string' && typeof from.name === 'string')
      await dismissEntry(ctx.store, from.registryId, from.name, new Date(ctx.clock.now()).toISOString());
  },
  deriveUpdate(next, current, now) {
    // switching a server off ends its sessions: the data plane refuses sessions opened before this
    if (next['enabled'] === false && current['enabled'] !== false) next['disabledAt'] = now;
    if (next['enabled'] !== false && current['enabled'] === false) next['enabledAt'] = now;
  },
  async afterDelete(ctx, item) {
    // Best effort: the catalog is keyed by the server's id, which no new server reuses, so a leftover
    // is never read again.
    await deleteCatalog(ctx.store, item.sk).catch(() => undefined);
    await deletePins(ctx.store, item.sk).catch(() => undefined);
    // its health is kept by name: a server created later with the name must not show it as its own
    const { name } = resourceFromItem(item);
    if (typeof name === 'string')
      await ctx.store.delete(healthKey(name).pk, healthKey(name).sk).catch(() => undefined);
    // its users' upstream tokens are no one's any more: no sealed refresh token outlives its server, and
    // their grants end at the authorization server where it can be asked
    if (ctx.forgetServerTokens !== undefined) {
      const upstreamTokens = await ctx.forgetServerTokens(item.sk, item).catch(() => undefined);
      if (upstreamTokens !== undefined)
        return Object.keys(upstreamTokens).length === 0 ? undefined : { upstreamTokens };
    }
    // (no vault to ask, or it failed part-way: forgotten all the same, as far as the store lets)
    const forgotten = await forgetServerTokens(ctx.store, item.sk).then(
      () => true,
      () => false,
    );
    return ctx.forgetServerTokens === undefined
      ? undefined
      : { upstreamTokens: forgotten ? 'unrevoked' : 'kept' };
  },
};

const stringsAt = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
const mcpAudiences = (provider: Json) => stringsAt(provider['audiences']);
const managementAudiences = (provider: Json) =>
  stringsAt((provider['roles'] as Json | undefined)?.['audiences']);

/**
 * A token a client holds for MCP servers is no management credential: the audiences that open the
 * management API (`roles.audiences`) are none that providers of the same issuer accept at MCP servers
 * (`audiences`), this one's or another's (the management API takes a token with any of its issuer's
 * providers that have roles).
 */
async function sharedAudiences(ctx: HookContext, value: Json, current: Json | undefined) {
  const meet = (a: string[], b: string[]) => a.find((audience) => b.includes(audience));
  const opens = ': a token a client holds for MCP servers would open the management API';
  const mcpResource = managementAudiences(value).find(isMcpAudience);
  if (mcpResource !== undefined)
    return [
      {
        pointer: '/roles/audiences',
        detail: `names ${JSON.stringify(mcpResource)}, an MCP server's resource${opens}`,
      },
    ];
  const own = meet(managementAudiences(value), mcpAudiences(value));
  if (own !== undefined)
    return [
      {
        pointer: '/roles/audiences',
        detail: `names ${JSON.stringify(own)}, which this provider's tokens carry for MCP servers too (audiences)${opens}`,
      },
    ];
  const issuer = value['issuer'];
  let clash: FieldError | undefined;
  await ctx.service.firstWhere('identity_provider', (provider) => {
    if (provider['issuer'] !== issuer || (current !== undefined && provider['id'] === current['id']))
      return false;
    const managed = meet(managementAudiences(value), mcpAudiences(provider));
    const served = meet(managementAudiences(provider), mcpAudiences(value));
    if (managed !== undefined)
      clash = {
        pointer: '/roles/audiences',
        detail: `names ${JSON.stringify(managed)}, which the tokens of provider ${describe(provider)} (the same issuer) carry for MCP servers${opens}`,
      };
    else if (served !== undefined)
      clash = {
        pointer: '/audiences',
        detail: `names ${JSON.stringify(served)}, which opens the management API with provider ${describe(provider)} (the same issuer; its roles.audiences)${opens}`,
      };
    return clash !== undefined;
  });
  return clash !== undefined ? [clash] : [];
}

const identityProviderHooks: ResourceHooks = {
  idPrefix: 'idp',
  async validate(ctx, value, current) {
    const issuer = value['issuer'];
    const issuerErrors = urlErrors(issuer, '/issuer');
    if (issuerErrors.length === 0 && typeof issuer === 'string' && issuer.includes('?'))
      issuerErrors.push({ pointer: '/issuer', detail: 'must not have a query: an issuer is a plain URL' });
    return [
      ...issuerErrors,
      ...urlErrors(value['jwksUri'], '/jwksUri'),
      ...(await workspaceReference(ctx, value, current)),
      ...(await unmappedReferences(ctx, value, current)),
      ...(await sharedAudiences(ctx, value, current)),
    ];
  },
  // a workspace or server naming a deleted provider would refuse its tokens, then trust the next provider
  // given the name
  async beforeDelete(ctx, current) {
    const name = current['name'];
    if (typeof name !== 'string') return;
    for (const type of ['workspace', 'server'] as const) {
      const naming = await ctx.service.firstWhere(type, (resource) =>
        namedProviders(resource).includes(name),
      );
      if (naming !== undefined)
        throw new GatewayError(
          'conflict',
          `A ${type} still names this identity provider in authentication.identityProviders; change it first (${describe(naming)}).`,
        );
    }
  },
};

const webhookHooks: ResourceHooks = {
  idPrefix: 'whk',
  async validate(ctx, value, current) {
    const url = value['url'];
    const errors = urlErrors(url);
    const insecure = errors.length === 0 && typeof url === 'string' ? webhookUrlProblem(url) : undefined;
    return [
      ...errors,
      ...(insecure !== undefined ? [{ pointer: '/url', detail: insecure }] : []),
      ...(await workspaceReference(ctx, value, current)),
    ];
  },
  // a deleted webhook would silently stop deciding: refuse while a workspace, server, budget or guardrail
  // names it
  async beforeDelete(ctx, current) {
    const name = current['name'];
    if (typeof name !== 'string') return;
    for (const [type, attribute] of [
      ['workspace', 'authnWebhook'],
      ['workspace', 'authzWebhook'],
      ['server', 'authnWebhook'],
      ['server', 'authzWebhook'],
      ['budget', 'webhook'],
      ['guardrail', 'webhook'],
    ] as const) {
      if (await ctx.service.anyWith(type, attribute, name))
        throw new GatewayError(
          'conflict',
          `A ${type} still names this webhook in ${attribute}; change it first.`,
        );
    }
  },
};

/**
 * A secret is immutable and kept only as a hash beside the resource: on an update it is taken out of the
 * value, and it may only be the same secret again (no change).
 */
function sameSecretOnly(value: Json, item: StoredItem, holder: string) {
  if (!('secret' in value)) return [];
  const secret = value['secret'];
  delete value['secret'];
  const kept = item['secretHash'];
  if (typeof secret === 'string' && typeof kept === 'string' && sameHash(hashSecret(secret), kept)) return [];
  return [{ pointer: '/secret', detail: `is immutable: a new secret requires a new ${holder}` }];
}

const oauthClientHooks: ResourceHooks = {
  idPrefix: 'oc',
  async validate(ctx, value, current) {
    const errors = [
      ...urlErrors(value['jwksUri'], '/jwksUri'),
      ...(await workspaceReference(ctx, value, current)),
    ];
    // the names of the clients the gateway records itself (metadata documents, dynamic registration) are
    // derived from their ids: taken first, they would keep those clients from being recorded
    const name = value['name'];
    if (typeof name === 'string' && /^(md|dcr)-/.test(name) && name !== current?.['name'])
      errors.push({
        pointer: '/name',
        detail: 'must not start with md- or dcr-: the gateway names the clients it records itself so',
      });
    const method = String(value['tokenEndpointAuthMethod'] ?? 'client_secret_basic');
    if (method === 'private_key_jwt' && typeof value['jwksUri'] !== 'string')
      errors.push({ pointer: '/jwksUri', detail: 'is required for private_key_jwt' });
    if (current === undefined && method.startsWith('client_secret') && typeof value['secret'] !== 'string')
      errors.push({ pointer: '/secret', detail: `is required for ${method}` });
    // a secret is given once, at creation: a client without one (none, private_key_jwt) cannot start
    // presenting one, nor a client with one stop (a new secret, or none, is a new client)
    const was =
      current === undefined ? undefined : String(current['tokenEndpointAuthMethod'] ?? 'client_secret_basic');
    if (was !== undefined && was.startsWith('client_secret') !== method.startsWith('client_secret'))
      errors.push({
        pointer: '/tokenEndpointAuthMethod',
        detail: `cannot change from ${was} to ${method}: a client with another kind of credential is a new client`,
      });
    if (method === 'none' && typeof value['secret'] === 'string')
      errors.push({ pointer: '/secret', detail: 'a public client (none) has no secret' });
    const redirects = Array.isArray(value['redirectUris']) ? (value['redirectUris'] as string[]) : [];
    if (method === 'none' && redirects.length === 0)
      errors.push({ pointer: '/redirectUris', detail: 'a public client needs at least one' });
    redirects.forEach((uri, index) => {
      const problem = redirectUriProblem(uri);
      if (problem !== undefined) errors.push({ pointer: `/redirectUris/${index}`, detail: problem });
    });
    return errors;
  },
  async prepareCreate(_ctx, value) {
    value['registeredBy'] = 'admin';
    // the client secret is kept only as its hash, beside the resource, never in it
    const secret = value['secret'];
    delete value['secret'];
    return typeof secret === 'string' ? { stored: { secretHash: hashSecret(secret) } } : undefined;
  },
  prepareUpdate: async (_ctx, value, item) => sameSecretOnly(value, item, 'client'),
};

/** Whether a rotated key's previous secret has stopped working (its overlap is over). */
function previousSecretExpired(holder: StoredItem, now: number): boolean {
  const ends = resourceFromItem(holder)['previousSecretExpiresAt'];
  const end = typeof ends === 'string' ? Date.parse(ends) : Number.NaN;
  return Number.isNaN(end) || end <= now;
}

const secretInUse = () => new GatewayError('conflict', 'Another API key already uses this secret.');

/**
 * Puts the lookup item `hash → id`, which makes the secret unique among keys (two keys can never share a
 * secret). A lookup left behind by a create that crashed before its key item was written is taken over
 * once it is stale.
 */
async function claimSecretLookup(ctx: HookContext, secretHash: string, id: string): Promise<void> {
  await claim(ctx.store, ctx.clock, secretLookup(ctx.clock, secretHash, id));
}

const secretLookup = (clock: Clock, secretHash: string, id: string): ClaimRequest => ({
  ...apiKeyLookupKey(secretHash),
  id,
  holderType: 'api_key',
  // a rotated key's previous secret stays its own until its overlap ends
  holds: (holder) =>
    holder['secretHash'] === secretHash ||
    (holder['previousSecretHash'] === secretHash && !previousSecretExpired(holder, clock.now())),
  conflict: secretInUse,
});

/**
 * A name given anew holds no control characters: `lap\u0007top` only looks like `laptop` (in a list, a
 * log, a lookup by name). A key named so before keeps its name through other changes (disabling it). Nor
 * does the user a key is made for (fixed from then on): the principal's id, written into audit events,
 * logs and the identity assertions upstreams read.
 */
const CONTROL = /\p{Cc}/u;

/**
 * A bearer token in a JWT's shape is read as an identity provider's (and, unrecognised, may be shown to an
 * authentication webhook): a supplied secret of that shape could never authenticate as an api key.
 */
const JWT_SHAPED_SECRET =
  "has the shape of a JWT (eyJ….….…), which is read as an identity provider's token, never as an api key";

const apiKeyHooks: ResourceHooks = {
  idPrefix: 'key',
  async validate(ctx, value, current) {
    const name = value['name'];
    const named =
      typeof name === 'string' && name !== current?.['name'] && CONTROL.test(name)
        ? [{ pointer: '/name', detail: 'holds a control character' }]
        : [];
    const user = value['user'];
    const supplied = value['secret'];
    const jwtShaped =
      current === undefined && typeof supplied === 'string' && looksLikeJwt(supplied)
        ? [{ pointer: '/secret', detail: JWT_SHAPED_SECRET }]
        : [];
    const forUser =
      current === undefined && typeof user === 'string' && CONTROL.test(user)
        ? [{ pointer: '/user', detail: 'holds a control character' }]
        : [];
    return [...named, ...jwtShaped, ...forUser, ...(await workspaceReference(ctx, value, current))];
  },
  async prepareCreate(ctx: HookContext, value: Json, id: string) {
    // A supplied secret is the caller's: kept only as its hash, never in the resource, never answered.
    const supplied = typeof value['secret'] === 'string' ? value['secret'] : undefined;
    delete value['secret'];
    const secret = supplied ?? generateSecret(apiKeySecretPrefix);
    const secretHash = hashSecret(secret);
    value['prefix'] = secret.slice(
      0,
      supplied === undefined ? apiKeyDisplayLength : suppliedSecretDisplayLength,
    );
    // The lookup goes first: until the key item exists it leads nowhere, so a crash in between is harmless.
    await claimSecretLookup(ctx, secretHash, id);
    return {
      stored: { secretHash },
      ...(supplied === undefined ? { response: { key: secret } } : {}),
      undo: () => releaseClaim(ctx.store, secretLookup(ctx.clock, secretHash, id)),
    };
  },
  prepareUpdate: async (_ctx, value, item) => sameSecretOnly(value, item, 'key'),
  async decorate(ctx, bodies) {
    await Promise.all(
      bodies.map(async (body) => {
        const used = typeof body['id'] === 'string' ? await lastUseOf(ctx.store, body['id']) : undefined;
        if (used !== undefined) body['lastUsedAt'] = used;
      }),
    );
  },
  async afterDelete(ctx, item) {
    // Deleting the key item already stopped authentication; its lookups and usage are garbage now.
    for (const name of ['secretHash', 'previousSecretHash']) {
      const hash = item[name];
      if (typeof hash === 'string') await releaseClaim(ctx.store, secretLookup(ctx.clock, hash, item.sk));
    }
    await ctx.store.delete(keyUsagePartition, item.sk).catch(() => undefined);
    return undefined;
  },
};

const maxOverlapSeconds = 30 * 24 * 3600;
const secretPattern = /^[A-Za-z0-9._~+/=-]{32,256}$/;

/**
 * `POST /v1/api-keys/{id}/rotate`: a new secret (supplied, or generated and answered once as `key`) for
 * the same key — id, name, user and restrictions stay — while the previous secret keeps working for
 * `overlapSeconds` (default an hour), so clients can move over without an outage. A secret older than
 * the previous one stops at once.
 */
export async function rotateApiKey(
  service: ResourceService,
  id: string,
  body: unknown,
  ifMatch: string | undefined,
): Promise<{ body: Json; version: number }> {
  // no body at all is a rotation with the defaults; a body is an ApiKeyRotation (`null` is none)
  const given = body === undefined ? {} : body;
  const errors: { pointer: string; detail: string }[] = [];
  if (typeof given !== 'object' || given === null || Array.isArray(given))
    errors.push({ pointer: '', detail: 'must be an object' });
  const options = (isObject(given) ? given : {}) as Record<string, unknown>;
  for (const name of Object.keys(options))
    if (name !== 'overlapSeconds' && name !== 'secret')
      errors.push({ pointer: `/${name}`, detail: 'is not a property of a rotation' });
  const overlap = 'overlapSeconds' in options ? options['overlapSeconds'] : 3600;
  if (!Number.isInteger(overlap) || (overlap as number) < 0 || (overlap as number) > maxOverlapSeconds)
    errors.push({ pointer: '/overlapSeconds', detail: `must be an integer from 0 to ${maxOverlapSeconds}` });
  const supplied = options['secret'];
  if (supplied !== undefined && (typeof supplied !== 'string' || !secretPattern.test(supplied)))
    errors.push({ pointer: '/secret', detail: 'must be 32 to 256 characters of A-Z a-z 0-9 . _ ~ + / = -' });
  else if (typeof supplied === 'string' && looksLikeJwt(supplied))
    errors.push({ pointer: '/secret', detail: JWT_SHAPED_SECRET });
  if (errors.length > 0)
    throw new GatewayError('validation_failed', 'The request body is not valid.', { errors });

  const model = service.model('api_key');
  const ctx = service.context(model);
  const item = await readResource(service.store, 'api_key', id);
  if (item === undefined) throw new GatewayError('not_found', `No api_key has the id ${id}.`);
  const current = resourceFromItem(item);
  service.checkIfMatch(ifMatch, current.version);
  const secret = typeof supplied === 'string' ? supplied : generateSecret(apiKeySecretPrefix);
  const secretHash = hashSecret(secret);
  if (typeof item['secretHash'] === 'string' && sameHash(item['secretHash'], secretHash))
    throw new GatewayError('conflict', 'The new secret must differ from the current one.');
  await claimSecretLookup(ctx, secretHash, id);

  const now = service.clock.now();
  const data = { ...(item['data'] as Json) };
  data['prefix'] = secret.slice(
    0,
    typeof supplied === 'string' ? suppliedSecretDisplayLength : apiKeyDisplayLength,
  );
  data['previousSecretExpiresAt'] = new Date(now + (overlap as number) * 1000).toISOString();
  data['updatedAt'] = new Date(now).toISOString();
  const version = current.version + 1;
  const next: StoredItem = {
    ...item,
    version,
    data,
    secretHash,
    ...(typeof item['secretHash'] === 'string' ? { previousSecretHash: item['secretHash'] } : {}),
  };
  try {
    await service.store.put(next, { kind: 'version', version: current.version });
  } catch (error) {
    // a lookup this rotation made, unless the key holds the secret after all (its previous one still
    // working, or a concurrent rotation to the same secret that won)
    await releaseClaim(service.store, secretLookup(service.clock, secretHash, id));
    if (error instanceof ConditionFailedError) throw changedConcurrently(ifMatch);
    throw error;
  }
  // the secret before the previous one stops now
  const older = item['previousSecretHash'];
  if (typeof older === 'string' && older !== secretHash)
    await releaseClaim(service.store, secretLookup(service.clock, older, id));
  const answer = service.present(model, resourceFromItem(next));
  // rotated: a failure to read its last use must not lose the new secret to an error answer
  await apiKeyHooks.decorate?.(ctx, [answer]).catch(() => undefined);
  return { body: typeof supplied === 'string' ? answer : { ...answer, key: secret }, version };
}

/** Hooks of the resources this package knows; resources without rules need none. */
/**
 * What a resource of `type` names that must exist while it does: its workspace (the default one is never
 * deleted), its webhooks and identity providers, a policy's teams, a server's fallbacks and members. Each
 * is what a `beforeDelete` guard of the named resource looks for.
 */
function namedResources(type: string, value: Json): Reference[] {
  const named: Reference[] = [];
  // the workspace the named webhooks, teams and members must be of: a name another workspace took
  // meanwhile is not the one meant
  const home = type === 'workspace' ? value['name'] : (value['workspace'] ?? defaultWorkspaceName);
  const ofHome = (found: Json) => (found['workspace'] ?? defaultWorkspaceName) === home;
  const add = (target: string, name: unknown, is?: (found: Json) => boolean) => {
    if (typeof name === 'string') named.push({ type: target, name, ...(is !== undefined ? { is } : {}) });
  };
  if (value['workspace'] !== defaultWorkspaceName) add('workspace', value['workspace']);
  for (const field of ['authnWebhook', 'authzWebhook', 'webhook']) add('webhook', value[field], ofHome);
  for (const name of namedProviders(value)) add('identity_provider', name);
  if (type === 'access_policy') {
    const subjects = value['subjects'];
    for (const team of isObject(subjects) && Array.isArray(subjects['teams']) ? subjects['teams'] : [])
      add('team', team, ofHome);
  }
  if (type === 'server') {
    for (const name of Array.isArray(value['fallbacks']) ? value['fallbacks'] : []) add('server', name);
    for (const member of Array.isArray(value['members']) ? value['members'] : [])
      if (isObject(member)) add('server', member['server'], ofHome);
  }
  return named;
}

export function builtinHooks(): Record<string, ResourceHooks> {
  const hooks = builtinHookTable();
  for (const [type, own] of Object.entries(hooks))
    hooks[type] = { ...own, references: (value) => namedResources(type, value) };
  return hooks;
}

function builtinHookTable(): Record<string, ResourceHooks> {
  return {
    workspace: workspaceHooks,
    server: serverHooks,
    api_key: apiKeyHooks,
    identity_provider: identityProviderHooks,
    webhook: webhookHooks,
    oauth_client: oauthClientHooks,
    team: teamHooks,
    access_policy: accessPolicyHooks,
    rate_limit: { idPrefix: 'rl', validate: workspaceReference },
    budget: {
      idPrefix: 'bud',
      async validate(ctx, value, current) {
        return [...(await workspaceReference(ctx, value, current)), ...(await namedWebhook(ctx, value))];
      },
    },
    registry: {
      idPrefix: 'reg',
      async validate(ctx, value, current) {
        return [
          ...(await workspaceReference(ctx, value, current)),
          ...urlErrors(value['url']),
          ...headerErrors(value['headers']),
        ];
      },
    },
    telemetry_sink: {
      idPrefix: 'ts',
      async validate(_ctx, value) {
        return [...urlErrors(value['endpoint'], '/endpoint'), ...headerErrors(value['headers'])];
      },
    },
    guardrail: {
      idPrefix: 'gr',
      async validate(ctx, value, current) {
        const errors = [
          ...(await workspaceReference(ctx, value, current)),
          ...(await namedWebhook(ctx, value)),
        ];
        const patterns = Array.isArray(value['patterns']) ? value['patterns'] : [];
        if (patterns.length > 0) await loadPatternEngine(); // loaded where patterns are written or run only
        patterns.forEach((pattern, index) => {
          const problem = typeof pattern === 'string' ? re2Problem(pattern) : undefined;
          if (problem !== undefined) errors.push({ pointer: `/patterns/${index}`, detail: problem });
        });
        const detectors = value['detectors'];
        const scans =
          (Array.isArray(detectors) && detectors.length > 0) ||
          patterns.length > 0 ||
          (Array.isArray(value['keywords']) && value['keywords'].length > 0) ||
          value['maxBytes'] !== undefined ||
          value['webhook'] !== undefined;
        if (!scans)
          errors.push({
            pointer: '',
            detail: 'scans for nothing: give it detectors, patterns, keywords, maxBytes or a webhook',
          });
        return errors;
      },
    },
  };
}

/** A resource's `webhook` must name a webhook of its workspace. */
async function namedWebhook(ctx: HookContext, value: Json): Promise<FieldError[]> {
  const name = value['webhook'];
  if (typeof name !== 'string') return [];
  const workspace = value['workspace'] ?? defaultWorkspaceName;
  const webhook = await ctx.service.findByUnique('webhook', 'name', name);
  if (webhook !== undefined && webhook['workspace'] === workspace) return [];
  return [
    {
      pointer: '/webhook',
      detail: `no webhook of workspace ${JSON.stringify(workspace)} is named ${JSON.stringify(name)}`,
    },
  ];
}

export interface ManagementServiceOptions {
  store: StateStore;
  clock?: Clock;
  validator?: SpecValidator;
  /** Seals write-only fields at rest. */
  sealer?: Sealer | undefined;
  /** Forgets a deleted server's vault tokens, revoked first (see {@link ForgetServerTokens}). */
  forgetServerTokens?: ForgetServerTokens | undefined;
}

export function createResourceService(options: ManagementServiceOptions): ResourceService {
  return new ResourceService({ ...options, hooks: builtinHooks() });
}
