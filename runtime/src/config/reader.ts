/**
 * The data plane's own port to the configuration, cached in process (an LRU per kind): a found entry is
 * served for `ttlMs` and re-read in the background ahead of it (see SwrCache), so no request to an entry
 * in use waits on a reload; misses are remembered briefly in a small cache of their own so they never
 * evict found entries; concurrent requests for the same cold entry share one store read.
 */

import { isPossibleApiKey, resolveApiKey } from '../auth/api-keys.js';
import { hashSecret } from '../auth/secrets.js';
import { signedOutAt as readSignedOutAt, readSignOuts, type SignOutList } from '../auth/sign-outs.js';
import { type Clock, systemClock } from '../core/clock.js';
import type {
  AccessPolicy,
  Budget,
  ConfigReader,
  Guardrail,
  IdentityProvider,
  Principal,
  RateLimit,
  Server,
  StoredOAuthClient,
  Team,
  TelemetrySink,
  Webhook,
  Workspace,
  WorkspaceRules,
} from '../core/config.js';
import { messageOf } from '../core/errors.js';
import { type CacheLimits, SwrCache } from '../core/swr-cache.js';
import {
  hasSealedFields,
  readResource,
  readResourceByUnique,
  resourceFromItem,
  resourcePartition,
  type StoredResource,
} from '../store/config-items.js';
import type { StateStore, StoredItem } from '../store/port.js';
import type { Sealer } from '../vault/sealer.js';
import {
  CorruptConfigError,
  decodeAccessPolicy,
  decodeBudget,
  decodeGuardrail,
  decodeIdentityProvider,
  decodeOAuthClient,
  decodeRateLimit,
  decodeServer,
  decodeTeam,
  decodeTelemetrySink,
  decodeWebhook,
  decodeWorkspace,
} from './decode.js';

export interface ConfigReaderOptions {
  store: StateStore;
  clock?: Clock;
  /** Where corrupt stored items are reported. Default: stderr. */
  log?: (line: string) => void;
  /** How long a found entry is fresh; after it, it is served while re-read in the background. Default 5000 ms. */
  ttlMs?: number;
  /** How long a miss is remembered. Default: the smaller of 1000 ms and `ttlMs`. */
  negativeTtlMs?: number;
  /** Found entries kept per cache before the oldest are dropped. Default 10 000. */
  maxEntries?: number;
  /**
   * Misses kept per cache before the oldest are dropped. Default 1000. Misses live apart from found
   * entries, so a flood of unknown tokens or server names never pushes a valid entry out.
   */
  maxMisses?: number;
  /** Opens sealed write-only fields (config/sealed-fields.ts): the management API's sealing key. */
  sealer?: Sealer | undefined;
}

export interface CachingConfigReader extends ConfigReader {
  /** Forgets every cached entry (e.g. after this process changed the configuration). */
  invalidate(): void;
}

/**
 * A stored item's resource with its sealed fields opened; one this gateway cannot open is corrupt. The
 * sealing code loads with the first sealed item (cold start).
 */
export async function opened(item: StoredItem, sealer: Sealer | undefined): Promise<StoredResource> {
  return hasSealedFields(item)
    ? (await import('./sealed-fields.js')).openResource(item, sealer)
    : resourceFromItem(item);
}

/** A server by id as the data plane sees it (its write-only fields opened), read from the store now. */
export async function readServer(
  store: StateStore,
  id: string,
  sealer: Sealer | undefined,
): Promise<Server | undefined> {
  const item = await readResource(store, 'server', id);
  return item === undefined ? undefined : serverFromItem(item, sealer);
}

/** The server a stored item holds (a deleted one's, say), its sealed fields opened. */
export async function serverFromItem(item: StoredItem, sealer: Sealer | undefined): Promise<Server> {
  return decodeServer(await opened(item, sealer));
}

type Opener = (item: StoredItem) => Promise<StoredResource>;

/** {@link opened}, through a cache by item version (`cachingOpener`) loaded with the first sealed item. */
function sealedOpener(sealer: Sealer | undefined, entries: number): Opener {
  let opener: Promise<Opener> | undefined;
  return async (item) => {
    if (!hasSealedFields(item)) return resourceFromItem(item);
    opener ??= import('./sealed-fields.js').then((m) => m.cachingOpener(sealer, entries));
    return (await opener)(item);
  };
}

/**
 * Every usable resource of a type (corrupt ones logged, handed to `corrupt` and left out). One whose
 * sealed fields cannot be opened just now (KMS out of reach) fails the read: the list read before stays
 * in use (stale-while-revalidate), rather than one without it cached as good.
 */
async function readAll<T>(
  store: StateStore,
  type: string,
  decode: (r: ReturnType<typeof resourceFromItem>) => T,
  log: (line: string) => void,
  corrupt?: (resource: ReturnType<typeof resourceFromItem>) => void,
  open: Opener = (item) => opened(item, undefined),
): Promise<T[]> {
  const found: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.query(resourcePartition(type), {
      limit: 100,
      ...(cursor !== undefined ? { cursor } : {}),
    });
    for (const item of page.items) {
      try {
        found.push(decode(await open(item)));
      } catch (error) {
        if (!(error instanceof CorruptConfigError)) throw error;
        log(`mcp-gateway: ${error.message}`);
        corrupt?.(resourceFromItem(item));
      }
    }
    cursor = page.cursor;
  } while (cursor !== undefined);
  return found;
}

/** Policies, teams, rate limits and budgets, grouped by workspace, with the versions they are at. */
interface WorkspaceAccess {
  policies: AccessPolicy[];
  teams: Team[];
  rateLimits: RateLimit[];
  budgets: Budget[];
  guardrails: Guardrail[];
  unreadable?: true;
  versions: string;
}

async function readAccess(
  store: StateStore,
  log: (line: string) => void,
): Promise<ReadonlyMap<string, WorkspaceAccess>> {
  // Whatever cannot be read might have been a deny, a team a deny names, a blocking guardrail, a limit
  // or a budget: its workspace refuses everything until it is fixed, rather than run without it.
  const unreadable = new Set<string>();
  // an item switched off can be no deny: it is left out, whatever else of it cannot be read; one of no
  // workspace is the default workspace's, as the management API takes it
  const corrupt = (switchable: boolean) => (r: ReturnType<typeof resourceFromItem>) => {
    if (switchable && r['enabled'] === false) return;
    const workspace = r['workspace'] ?? 'default';
    unreadable.add(typeof workspace === 'string' ? workspace : EVERY_WORKSPACE);
  };
  const [decoded, teams, rateLimits, budgets, guardrails] = await Promise.all([
    readAll(store, 'access_policy', decodeAccessPolicy, log, corrupt(true)),
    // a team has no switch: one that cannot be read might be one a deny names, whatever it says
    readAll(store, 'team', decodeTeam, log, corrupt(false)),
    readAll(store, 'rate_limit', decodeRateLimit, log, corrupt(true)),
    readAll(store, 'budget', decodeBudget, log, corrupt(true)),
    readAll(store, 'guardrail', decodeGuardrail, log, corrupt(true)),
  ]);
  const policies = await withUsableConditions(
    decoded.filter((policy) => policy.enabled !== false),
    log,
    (policy) => unreadable.add(policy.workspace ?? 'default'),
  );
  const byWorkspace = new Map<string, WorkspaceAccess>();
  const of = (workspace: string | undefined) => {
    const name = workspace ?? 'default';
    let entry = byWorkspace.get(name);
    if (entry === undefined) {
      entry = { policies: [], teams: [], rateLimits: [], budgets: [], guardrails: [], versions: '' };
      byWorkspace.set(name, entry);
    }
    return entry;
  };
  const version = (r: { id?: string; version?: number }) => `${r.id}@${r.version} `;
  for (const policy of policies) {
    if (policy.enabled === false) continue;
    const entry = of(policy.workspace);
    entry.policies.push(policy);
    entry.versions += version(policy);
  }
  for (const team of teams) {
    const entry = of(team.workspace);
    entry.teams.push(team);
    entry.versions += `team:${version(team)}`;
  }
  for (const limit of rateLimits) {
    if (limit.enabled === false) continue;
    const entry = of(limit.workspace);
    entry.rateLimits.push(limit);
    entry.versions += `rate:${version(limit)}`;
  }
  for (const budget of budgets) {
    if (budget.enabled === false) continue;
    const entry = of(budget.workspace);
    entry.budgets.push(budget);
    entry.versions += `budget:${version(budget)}`;
  }
  for (const guardrail of guardrails) {
    if (guardrail.enabled === false) continue;
    const entry = of(guardrail.workspace);
    entry.guardrails.push(guardrail);
    entry.versions += `guardrail:${version(guardrail)}`;
  }
  for (const workspace of unreadable) {
    const entry = of(workspace);
    entry.unreadable = true;
    entry.versions += 'unreadable ';
  }
  return byWorkspace;
}

/**
 * The policies whose CEL condition (if any) compiles; the others are corrupt, logged and handed to
 * `corrupt`. The CEL library is loaded only when some policy has a condition.
 */
async function withUsableConditions(
  policies: AccessPolicy[],
  log: (line: string) => void,
  corrupt: (policy: AccessPolicy) => void,
): Promise<AccessPolicy[]> {
  if (!policies.some((p) => p.condition !== undefined)) return policies;
  const language = await (await import('../policies/access/conditions.js')).conditionLanguage();
  return policies.filter((policy) => {
    if (policy.condition === undefined || language.loadProblem(policy.condition) === undefined) return true;
    log(
      `mcp-gateway: ${new CorruptConfigError('access policy', policy.id ?? policy.name, 'condition').message}`,
    );
    corrupt(policy);
    return false;
  });
}

/** Where a corrupt rule whose workspace cannot be read is filed: it might be any workspace's. */
const EVERY_WORKSPACE = '\u0000every';
/** The sealed field of an identity provider: its client secret at the provider, for sign-in only. */
const LOGIN_SECRET = 'login/clientSecret';

/** A workspace's entry of the rules read, unreadable also when a rule of unknown workspace is corrupt. */
function accessOf(all: ReadonlyMap<string, WorkspaceAccess> | undefined, workspace: string): WorkspaceAccess {
  const entry = all?.get(workspace) ?? NO_ACCESS;
  if (all?.get(EVERY_WORKSPACE) === undefined || entry.unreadable) return entry;
  return { ...entry, unreadable: true, versions: `${entry.versions}unreadable ` };
}

const NO_ACCESS: WorkspaceAccess = {
  policies: [],
  teams: [],
  rateLimits: [],
  budgets: [],
  guardrails: [],
  versions: '',
};

/** A workspace's access rules read now, uncached (for the management API's explainer). */
export async function readWorkspaceRules(
  store: StateStore,
  workspace: string,
  log: (line: string) => void = (line) => console.error(line),
): Promise<WorkspaceRules> {
  const [all, item] = await Promise.all([
    readAccess(store, log),
    readResourceByUnique(store, 'workspace', 'name', workspace),
  ]);
  const entry = accessOf(all, workspace);
  const { policies, teams, rateLimits, budgets, guardrails } = entry;
  let unreadable = entry.unreadable === true;
  let defaultAccess: 'allow' | 'deny' = 'allow';
  if (item !== undefined) {
    // as the data plane reads it: a corrupt workspace refuses everything (see workspaceByName)
    try {
      if (decodeWorkspace(resourceFromItem(item)).defaultAccess === 'deny') defaultAccess = 'deny';
    } catch (error) {
      if (!(error instanceof CorruptConfigError)) throw error;
      log(`mcp-gateway: ${error.message}`);
      [defaultAccess, unreadable] = ['deny', true];
    }
  }
  return {
    workspace,
    defaultAccess,
    policies,
    teams,
    rateLimits,
    budgets,
    guardrails,
    ...(unreadable ? { unreadable: true as const } : {}),
  };
}

export function createConfigReader(options: ConfigReaderOptions): CachingConfigReader {
  const { store } = options;
  const clock = options.clock ?? systemClock;
  const ttlMs = options.ttlMs ?? 5000;
  const negativeTtlMs = options.negativeTtlMs ?? Math.min(1000, ttlMs);
  const limits: CacheLimits = {
    ttlMs,
    negativeTtlMs,
    maxEntries: options.maxEntries ?? 10_000,
    maxMisses: options.maxMisses ?? 1000,
  };
  const servers = new SwrCache<Server>(clock, limits);
  const keys = new SwrCache<Principal | 'unusable'>(clock, limits);
  const providers = new SwrCache<{ enabled: readonly IdentityProvider[]; issuers: ReadonlySet<string> }>(
    clock,
    limits,
  );
  const sinks = new SwrCache<readonly TelemetrySink[]>(clock, limits);
  const workspaces = new SwrCache<Workspace>(clock, limits);
  const webhooks = new SwrCache<Webhook>(clock, limits);
  const oauthClients = new SwrCache<StoredOAuthClient>(clock, limits);
  const access = new SwrCache<ReadonlyMap<string, WorkspaceAccess>>(clock, limits);
  const signOuts = new SwrCache<SignOutList>(clock, limits);
  /** The list read last per workspace: read again only when its counter moved. */
  const signOutLists = new Map<string, SignOutList>();
  // the same WorkspaceRules object while no policy, team or default changed, so compiled rules are reused
  const workspaceRules = new Map<
    string,
    {
      rules: WorkspaceRules;
      entry: WorkspaceAccess;
      defaultAccess: string;
      authzWebhook: string | undefined;
      corrupt: boolean;
      versions: string;
    }
  >();
  /** The stand-ins of workspaces whose stored item is corrupt (see workspaceByName). */
  const corruptWorkspaces = new WeakSet<Workspace>();
  const log = options.log ?? ((line: string) => console.error(line));
  const open = sealedOpener(options.sealer, limits.maxEntries);
  // A provider whose sign-in secret (its one sealed field) cannot be opened still verifies tokens: only its
  // sign-in is refused (leaving it out whole would turn away every token it issued). So too when the key
  // service is out of reach for a moment (throttled, a cold start's first call): failing the whole list
  // would turn away every token of every workspace, where tokens never need the secret.
  const openProvider: Opener = async (item) => {
    try {
      return await open(item);
    } catch (error) {
      if (error instanceof CorruptConfigError && error.field !== LOGIN_SECRET) throw error;
      if (!(error instanceof CorruptConfigError)) {
        log(
          `mcp-gateway: the sign-in secret of identity provider ${String(item.sk)} could not be opened just now: ${messageOf(error)}`,
        );
        return {
          ...resourceFromItem(item),
          loginUnavailable: 'its client secret could not be opened just now',
        };
      }
      log(`mcp-gateway: ${error.message.replace(/ it is not served\.$/, ' its sign-in is not served.')}`);
      return { ...resourceFromItem(item), loginUnavailable: 'its client secret cannot be opened' };
    }
  };
  /**
   * Decodes a stored item; a corrupt one is logged and answered by `corrupt` (remembered like any answer):
   * never a 500 and two reads per request, nor an earlier copy served on as if the store were down.
   */
  const ifCorrupt = <T>(error: unknown, answer: () => T): T => {
    if (!(error instanceof CorruptConfigError)) throw error;
    log(`mcp-gateway: ${error.message}`);
    return answer();
  };
  const decoded = <T>(decode: () => T, corrupt: () => { value: T } | undefined) => {
    try {
      return { value: decode() };
    } catch (error) {
      return ifCorrupt(error, corrupt);
    }
  };
  /** A resource by its unique name, decoded; undefined when absent or corrupt. */
  const byName = async <T>(
    type: string,
    name: string,
    decode: (r: ReturnType<typeof resourceFromItem>) => T,
    corrupt: () => { value: T } | undefined = () => undefined,
  ) => {
    const item = await readResourceByUnique(store, type, 'name', name);
    if (item === undefined) return undefined;
    let resource: StoredResource;
    try {
      resource = await open(item);
    } catch (error) {
      return ifCorrupt(error, corrupt);
    }
    return decoded(() => decode(resource), corrupt);
  };

  /** Every identity provider, read as one list: the enabled ones, and every one's issuer. */
  const allProviders = async () =>
    (await providers.get('all', async () => {
      // a provider whose item cannot be read serves no sign-in, but its tokens are still the gateway's
      // own: never a stranger's for an authentication webhook to be handed
      const unreadable: string[] = [];
      const all = await readAll(
        store,
        'identity_provider',
        decodeIdentityProvider,
        log,
        (resource) => {
          if (typeof resource['issuer'] === 'string') unreadable.push(resource['issuer']);
        },
        openProvider,
      );
      return {
        value: {
          enabled: all.filter((provider) => provider.enabled !== false),
          issuers: new Set([...all.map((provider) => provider.issuer), ...unreadable]),
        },
      };
    })) ?? { enabled: [], issuers: new Set<string>() };

  return {
    serverByName(name) {
      return servers.get(name, () => byName('server', name, decodeServer));
    },
    authenticateApiKey(key) {
      // A token no api key can be costs neither a store read nor a cache entry.
      if (!isPossibleApiKey(key)) return Promise.resolve(undefined);
      // Cached by hash, so plaintext keys are not kept in memory longer than the request.
      return keys.get(hashSecret(key), async () => {
        let resolved: Awaited<ReturnType<typeof resolveApiKey>>;
        try {
          resolved = await resolveApiKey(store, clock, key);
        } catch (error) {
          // no key, as with a corrupt server; but one of this gateway's, never shown to anyone else
          return ifCorrupt(error, () => ({ value: 'unusable' as const }));
        }
        if (resolved === undefined || resolved === 'unusable')
          return resolved === undefined ? undefined : { value: resolved };
        return {
          value: resolved.principal,
          ...(resolved.validUntil !== undefined ? { validUntil: resolved.validUntil } : {}),
        };
      });
    },
    workspaceByName(name) {
      // a corrupt workspace might have said `defaultAccess: deny`: it refuses everything (workspaceRules)
      return workspaces.get(name, () =>
        byName('workspace', name, decodeWorkspace, () => {
          const unreadable: Workspace = { name, defaultAccess: 'deny' };
          corruptWorkspaces.add(unreadable);
          return { value: unreadable };
        }),
      );
    },
    webhookByName(name) {
      return webhooks.get(name, () => byName('webhook', name, decodeWebhook));
    },
    oauthClientById(id) {
      // ids the gateway issues are short and plain; anything else is no client and costs no read
      if (!/^[A-Za-z0-9_-]{1,128}$/.test(id)) return Promise.resolve(undefined);
      return oauthClients.get(id, async () => {
        const item = await readResource(store, 'oauth_client', id);
        return item === undefined
          ? undefined
          : decoded(
              () => decodeOAuthClient(resourceFromItem(item), item['secretHash']),
              () => undefined,
            );
      });
    },
    oauthClientWritten(client) {
      if (client.id !== undefined) oauthClients.set(client.id, client);
    },
    async identityProviders() {
      return (await allProviders()).enabled;
    },
    async providerIssuers() {
      return (await allProviders()).issuers;
    },
    async telemetrySinks() {
      const all = await sinks.get('all', async () => ({
        value: (await readAll(store, 'telemetry_sink', decodeTelemetrySink, log, undefined, open)).filter(
          (sink) => sink.enabled !== false,
        ),
      }));
      return all ?? [];
    },
    async workspaceRules(workspace) {
      const [all, found] = await Promise.all([
        access.get('all', async () => ({ value: await readAccess(store, log) })),
        this.workspaceByName(workspace),
      ]);
      const entry = accessOf(all, workspace);
      const { policies, teams, rateLimits, budgets, guardrails } = entry;
      const corrupt = found !== undefined && corruptWorkspaces.has(found);
      const unreadable = entry.unreadable === true || corrupt;
      const versions = corrupt ? `${entry.versions}workspace:unreadable` : entry.versions;
      const defaultAccess = found?.defaultAccess === 'deny' ? 'deny' : 'allow';
      const authzWebhook = found?.authzWebhook;
      const known = workspaceRules.get(workspace);
      if (
        known !== undefined &&
        known.defaultAccess === defaultAccess &&
        known.authzWebhook === authzWebhook &&
        known.corrupt === corrupt
      ) {
        // the same read of the rules (every request between reloads), or a reload that changed nothing
        if (known.entry === entry) return known.rules;
        if (known.versions === versions) {
          known.entry = entry;
          return known.rules;
        }
      }
      const rules: WorkspaceRules = {
        workspace,
        defaultAccess,
        ...(authzWebhook !== undefined ? { authzWebhook } : {}),
        policies,
        teams,
        rateLimits,
        budgets,
        guardrails,
        ...(unreadable ? { unreadable: true as const } : {}),
      };
      if (workspaceRules.size >= 10_000) workspaceRules.clear();
      workspaceRules.set(workspace, { rules, entry, defaultAccess, authzWebhook, corrupt, versions });
      return rules;
    },
    async signedOutAt(workspace, user) {
      const found = await signOuts.get(workspace, async () => {
        const list = await readSignOuts(store, workspace, clock.now(), signOutLists.get(workspace));
        if (signOutLists.size >= 10_000) signOutLists.clear();
        signOutLists.set(workspace, list);
        return { value: list };
      });
      const at = found?.users.get(user);
      // a list too long to read whole may lack the user: their own item says (one read per token then)
      if (at === undefined && found?.complete === false) return readSignedOutAt(store, workspace, user);
      return at;
    },
    invalidate() {
      access.clear();
      signOuts.clear();
      servers.clear();
      keys.clear();
      providers.clear();
      sinks.clear();
      workspaces.clear();
      webhooks.clear();
      oauthClients.clear();
    },
  };
}
