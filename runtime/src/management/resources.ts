/**
 * The resource-specific rules of workspaces, servers and api keys, as hooks of the generic service.
 */

import { generateSecret, hashSecret, sameHash } from '../auth/secrets.js';
import type { Clock } from '../core/clock.js';
import type { Principal } from '../core/config.js';
import { GatewayError } from '../core/errors.js';
import type { StateStore } from '../store/port.js';
import { type HookContext, type Json, type ResourceHooks, ResourceService } from './service.js';
import { apiKeyLookupKey, readResource, resourceFromItem } from './storage.js';
import type { SpecValidator } from './validation.js';

export const defaultWorkspaceName = 'default';
/** The default workspace has a fixed id, so creating it concurrently from many instances is idempotent. */
export const defaultWorkspaceId = 'default';
export const apiKeySecretPrefix = 'mcpgw_';
/** How many leading characters of a key are kept (and shown) to recognise it. */
export const apiKeyDisplayLength = 12;

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
    if (!(error instanceof GatewayError && error.code === 'conflict')) throw error;
  }
}

async function workspaceExists(service: ResourceService, name: string): Promise<boolean> {
  if ((await service.findByUnique('workspace', 'name', name)) !== undefined) return true;
  if (name !== defaultWorkspaceName) return false;
  await ensureDefaultWorkspace(service);
  return true;
}

/** A server or api key must name an existing workspace (checked when it is set, i.e. on create). */
const workspaceReference: ResourceHooks['validate'] = async (ctx, value, current) => {
  const workspace = value['workspace'];
  if (typeof workspace !== 'string' || current?.['workspace'] === workspace) return [];
  if (await workspaceExists(ctx.service, workspace)) return [];
  return [{ pointer: '/workspace', detail: `no workspace is named ${JSON.stringify(workspace)}` }];
};

const workspaceHooks: ResourceHooks = {
  idPrefix: 'ws',
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

const serverHooks: ResourceHooks = { idPrefix: 'srv', validate: workspaceReference };

const apiKeyHooks: ResourceHooks = {
  idPrefix: 'key',
  validate: workspaceReference,
  async prepareCreate(ctx: HookContext, value: Json, id: string) {
    const key = generateSecret(apiKeySecretPrefix);
    const secretHash = hashSecret(key);
    value['prefix'] = key.slice(0, apiKeyDisplayLength);
    // The lookup goes first: until the key item exists it leads nowhere, so a crash in between is harmless.
    const { pk, sk } = apiKeyLookupKey(secretHash);
    await ctx.store.put({ pk, sk, id }, { kind: 'absent' });
    return {
      stored: { secretHash },
      response: { key },
      undo: async () => {
        await ctx.store.delete(pk, sk);
      },
    };
  },
  async afterDelete(ctx, item) {
    // Deleting the key item already stopped authentication; the lookup is garbage now.
    if (typeof item['secretHash'] !== 'string') return;
    const { pk, sk } = apiKeyLookupKey(item['secretHash']);
    await ctx.store.delete(pk, sk);
  },
};

/** Hooks of the resources this package knows; resources without rules need none. */
export function builtinHooks(): Record<string, ResourceHooks> {
  return { workspace: workspaceHooks, server: serverHooks, api_key: apiKeyHooks };
}

export interface ManagementServiceOptions {
  store: StateStore;
  clock?: Clock;
  validator?: SpecValidator;
}

export function createResourceService(options: ManagementServiceOptions): ResourceService {
  return new ResourceService({ ...options, hooks: builtinHooks() });
}

/**
 * Resolves a presented api key to its principal: hash → lookup item → key item, which must be enabled,
 * unexpired and carry the same hash. Also answers until when the answer holds (the key's expiry).
 */
export async function resolveApiKey(
  store: StateStore,
  clock: Clock,
  key: string,
): Promise<{ principal: Principal; validUntil: number | undefined } | undefined> {
  if (!key.startsWith(apiKeySecretPrefix)) return undefined;
  const hash = hashSecret(key);
  const { pk, sk } = apiKeyLookupKey(hash);
  const lookup = await store.get(pk, sk);
  if (lookup === undefined || typeof lookup['id'] !== 'string') return undefined;
  const item = await readResource(store, 'api_key', lookup['id']);
  if (item === undefined || typeof item['secretHash'] !== 'string' || !sameHash(item['secretHash'], hash)) {
    return undefined;
  }
  const resource = resourceFromItem(item);
  if (resource['enabled'] === false) return undefined;
  const expiresAt = typeof resource['expiresAt'] === 'string' ? Date.parse(resource['expiresAt']) : undefined;
  if (expiresAt !== undefined && (Number.isNaN(expiresAt) || expiresAt <= clock.now())) return undefined;
  if (typeof resource['user'] !== 'string' || typeof resource['workspace'] !== 'string') return undefined;
  return {
    principal: {
      user: resource['user'],
      workspace: resource['workspace'],
      method: 'api-key',
      credentialId: resource.id,
    },
    validUntil: expiresAt,
  };
}
