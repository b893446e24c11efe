import type { LookupFunction } from 'node:net';
import { usage } from '../analytics/stage.js';
import { UsageRecorder } from '../analytics/usage.js';
import { AuditLog } from '../audit/log.js';
import { JwksCache } from '../auth/jwks.js';
import { TokenVerifier } from '../auth/jwt.js';
import { KeyUsage } from '../auth/key-usage.js';
import {
  baseUrlOf,
  issuersFor,
  METADATA_PATH,
  metadataDocument,
  resourceOf,
} from '../auth/protected-resource.js';
import { bearerToken } from '../auth/secrets.js';
import { SeenUsers } from '../auth/seen-users.js';
import { predates } from '../auth/sign-outs.js';
import type { BrokerKeys } from '../broker/keys.js';
import { hasSignIn, isAuthorizationServerPath } from '../broker/well-known.js';
import { CatalogCache } from '../catalog/cache.js';
import { readCatalog } from '../catalog/store.js';
import { type CatalogTool, newerCatalog, toCatalogTool } from '../catalog/tools.js';
import { readServer } from '../config/reader.js';
import { type Clock, systemClock } from '../core/clock.js';
import { type ConfigReader, type Server, servesEachCaller } from '../core/config.js';
import { asGatewayError, errorAnswer, GatewayError, toJsonRpcError } from '../core/errors.js';
import { acceptable, bodySize, type HttpRequest, type HttpResponse, json } from '../core/http.js';
import type { HttpClient } from '../core/http-client.js';
import { loadedWhenNeeded, onFirstUse } from '../core/lazy.js';
import { extend, Pipeline, type StageWrapper } from '../core/pipeline.js';
import { finishesWithin } from '../core/time.js';
import type { UrlGuard } from '../core/url-guard.js';
import { accessControl, accessGate } from '../policies/access/index.js';
import { acceptedBy } from '../policies/authenticate/accepted.js';
import { authenticate } from '../policies/authenticate/index.js';
import { authorizeWorkspace } from '../policies/authorize/index.js';
import type { BudgetMeter } from '../policies/budget/meter.js';
import type { forwardIdentity } from '../policies/forward-identity/index.js';
import { cors, origin } from '../policies/origin/index.js';
import { parseMcp } from '../policies/parse-mcp/index.js';
import type { RateLimiter } from '../policies/rate-limit/limiter.js';
import { lookupServer, resolveServer } from '../policies/resolve-server/index.js';
import { toolCatalog } from '../policies/tool-catalog/index.js';
import { toolProvisioning } from '../policies/tool-provisioning/index.js';
import type { StateStore } from '../store/port.js';
import { Telemetry } from '../telemetry/index.js';
import type { Sealer } from '../vault/sealer.js';
import { encodeAnswer, type McpAnswer } from './answer.js';
import { BridgeStore } from './bridge.js';
import type { RequestContext } from './context.js';
import type { HeldStreams } from './held-streams.js';
import { errorResponse, isRequest, type JsonRpcId, type JsonRpcRequest, replyId } from './jsonrpc.js';
import { listUpstreamTools } from './list-tools.js';
import { createMcpProxy, type ProxyContext } from './proxy.js';
import { SessionStore } from './sessions.js';
import { DEFAULT_MAX_MESSAGE_BYTES } from './sse.js';
import type { FunctionInvoker } from './upstream/lambda.js';
import { RetryBudgets } from './upstream/retry.js';
import { TargetRouter } from './upstream/router.js';
import { isHttpEndpoint, targetOf } from './upstream/target.js';
import { upstreamTransports } from './upstream/transports.js';
import { transportFor } from './upstream/types.js';
import { answeredId, type McpView, takesJsonOnly } from './view.js';
import type { MemberRequest } from './virtual.js';

export interface GatewayOptions {
  store: StateStore;
  config: ConfigReader;
  guard: UrlGuard;
  /** Outbound HTTP to upstreams (the guarded, address-pinned client in production). */
  http: HttpClient;
  /**
   * Outbound HTTP anyone may cause, unauthenticated (a client's metadata document named as its
   * `client_id`): never to private addresses, whatever upstreams may reach. `http` and `guard` when unset.
   */
  publicOutbound?: { http: HttpClient; guard: UrlGuard };
  /** Invokes the functions of `lambda` servers (the AWS SDK's Lambda client in production). */
  functions?: FunctionInvoker;
  clock?: Clock;
  /** Largest accepted request body (bytes); larger → 413. */
  maxBodyBytes?: number;
  /** Largest single message an upstream may send (JSON body or SSE event). Default 16 MiB. */
  maxMessageBytes?: number;
  allowedOrigins?: readonly string[];
  /** Local mode: loopback browser origins are allowed. */
  allowLoopbackOrigins?: boolean;
  /**
   * The gateway's public base URL (`https://mcp.example.com`): the resource URIs tokens must be issued
   * for and the metadata links of 401 answers. When unset, the request's `Host`.
   */
  publicUrl?: string;
  /**
   * Long-lived processes (not Lambda): open a session's server→client stream as soon as it is
   * initialized and hold it here for the client's GET (see held-streams.ts). Default none. Given, not
   * made here: a Lambda bundle loads none of it.
   */
  heldStreams?: HeldStreams;
  /**
   * Long-lived processes (not Lambda): blocking budgets lease room ahead, a store write per lease instead
   * of per call (see budget/meter.ts). Default off: a Lambda container may vanish holding it.
   */
  budgetLeases?: boolean;
  /**
   * The management API's admin key, where this process knows it (one process serving both): a request
   * bearing it is refused before any authentication webhook could be sent it.
   */
  adminKey?: { holds(token: string): boolean | Promise<boolean> };
  /** Seals the token vault's tokens at rest; without one, user-oauth servers refuse every call. */
  sealer?: Sealer;
  /** How long the vault reuses an opened token in process (revocations show within it). Default 30 s. */
  vaultCacheMs?: number;
  /** How long tool pins are reused in process (an approval shows within it). Default 5 s. */
  pinCacheMs?: number;
  /** How long audit events (access denials, guardrail actions, ...) are kept, in days. Default 90. */
  auditRetentionDays?: number;
  /** Surrounds every named stage (inside its telemetry span, when there is one). */
  wrapStage?: StageWrapper;
  /** How often telemetry is exported to the sinks (ms). Default 10 s. */
  telemetryIntervalMs?: number;
  /** Checks the address of each connection to a telemetry collector (the guard's rules, at connect time). */
  telemetryLookup?: (port: number) => LookupFunction;
  /** How often an open server→client stream looks whether its server still serves it (ms). Default 5 s. */
  streamRecheckMs?: number;
  /** How long analytics rollups are kept (days). Default 90. */
  analyticsRetentionDays?: number;
  /** How often analytics rollups are added to the store (ms). Default 10 s. */
  analyticsFlushMs?: number;
  log?: (line: string) => void;
}

export interface Gateway {
  handle(request: HttpRequest): Promise<HttpResponse>;
  /**
   * Writes what the gateway still owes before a Lambda invocation ends: budget spend and audit events (all
   * of it), telemetry (exported), analytics rollups (once they are a flush interval old). `until` (epoch
   * ms): the function's own end, by which it returns whatever is left (what is not written by then is
   * written by a later invocation of the instance, if any).
   */
  settle(until?: number): Promise<void>;
  /** Ends what the gateway holds open and writes what it still owes the store. */
  close(): Promise<void>;
}

const MCP_PATH = /^\/mcp\/([^/]+)\/?$/;
/** How long `close` waits for answers sent already to finish reading their upstream streams. */
const AFTER_GRACE_MS = 5000;

/**
 * Failures of the upstream answer the JSON-RPC request itself (HTTP 200), as clients expect of a server;
 * so does a consent the upstream wants (step-up: a URL elicitation, -32042, which clients read in-band).
 */
const ANSWERED_IN_BAND = new Set([
  'upstream_unavailable',
  'upstream_timeout',
  'upstream_error',
  'request_cancelled',
  'consent_required',
]);

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new GatewayError('not_found', 'The server name in the path is not valid percent-encoding.');
  }
}

/** Whether a POST's client takes JSON answers only (see `takesJsonOnly`). */
const jsonOnly = (request: HttpRequest, mcp: McpView | undefined) =>
  mcp?.operation === 'post' && takesJsonOnly(request);

/** The id of a POST's only request when its client accepts a JSON answer (see `encodeAnswer`). */
function jsonAnswerFor(request: HttpRequest, mcp: McpView | undefined): JsonRpcId | undefined {
  if (mcp === undefined || mcp.batch || mcp.operation !== 'post') return undefined;
  if (!acceptable(request.headers.accept, 'application/json')) return undefined;
  const only = mcp.messages.length === 1 ? mcp.messages[0] : undefined;
  return only?.kind === 'request' ? (only.message as JsonRpcRequest).id : undefined;
}

/** A path the gateway has nothing at: a problem (RFC 9457), as the management API answers one. */
const noRoute = (request: HttpRequest): HttpResponse =>
  errorAnswer(new GatewayError('route_not_found', `No route for ${request.path.slice(0, 256)}.`), true);

/** The upstream headers of a server that forwards no identity. */
const NO_HEADERS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** The data plane: `/mcp/{server}` through the stages, encoded once at the edge, plus `/healthz`. */
export function createGateway(options: GatewayOptions): Gateway {
  const clock = options.clock ?? systemClock;
  const maxBodyBytes = options.maxBodyBytes ?? 4 * 1024 * 1024;
  const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const log = options.log ?? ((line: string) => console.error(line));
  const catalogs = new CatalogCache({ store: options.store, clock, log });
  /** Tools' pins, loaded with the first server that pins its tools (its own, or a fallback's). */
  const pinCache = onFirstUse(
    async () => new (await import('../catalog/pins.js')).PinCache(options.store, clock, options.pinCacheMs),
  );
  const transports = upstreamTransports({
    ...options,
    // a call's `Mcp-Param-*` headers need its tool's schema: the tools are listed first when none are known
    inputSchemaOf: async (name, tool) => {
      const server = await options.config.serverByName(name);
      if (server === undefined) return undefined;
      const id = server.id ?? server.name;
      const catalog = await catalogs.require(id, () => listTools(server), servesEachCaller(server));
      return catalog?.tools.find((t) => t.name === tool)?.inputSchema;
    },
  });
  // virtual servers' code is loaded when one is first used
  const virtualServers = onFirstUse(() => import('./virtual.js'));
  const brokerTokens = onFirstUse(() => import('../broker/verify.js'));
  const revokedGrants = onFirstUse(async () => (await brokerTokens()).revokedGrants(options.store));
  const authzWebhooks = onFirstUse(async () => {
    const { AuthzWebhooks } = await import('../policies/access/webhook.js');
    return new AuthzWebhooks({ http: options.http, guard: options.guard, clock });
  });
  const authnWebhooks = onFirstUse(async () => {
    const { AuthnWebhooks } = await import('../auth/authn-webhook.js');
    return new AuthnWebhooks({ http: options.http, guard: options.guard, clock }, log);
  });
  const listTools = async (server: Server): Promise<CatalogTool[]> => {
    // a virtual server's tools are its members' (as their catalogs know them), renamed
    if (server.transport === 'virtual') {
      const members = server.members ?? [];
      const lists = await Promise.all(
        members.map(async ({ server: name }) => {
          const member = await options.config.serverByName(name);
          // a name another workspace took since is no member
          const ours =
            member !== undefined && (member.workspace ?? 'default') === (server.workspace ?? 'default');
          // the newer of this instance's copy and the store's: a copy not read again yet would make
          // an older suite (and, written back, lift a quarantine another instance recorded)
          const id = member?.id ?? member?.name;
          const [cached, stored] =
            ours && id !== undefined
              ? await Promise.all([catalogs.get(id), readCatalog(options.store, id)])
              : [undefined, undefined];
          const catalog = newerCatalog(cached, stored);
          return { entries: (catalog?.tools ?? []) as unknown as Record<string, unknown>[] };
        }),
      );
      const { mergeLists } = await virtualServers();
      // hashed again under their new names: the suite's pins are of the definitions it lists
      return mergeLists(members, lists, 'tools/list').entries.flatMap((entry) => toCatalogTool(entry) ?? []);
    }
    const target = targetOf(server, maxMessageBytes);
    if (isHttpEndpoint(target.url)) await options.guard.check(target.url);
    // the gateway's own upstream credential, when it has one; per-caller credentials need a caller
    const own =
      server.credentials?.kind === 'client-credentials' ? await (await credentials()).headersFor(server) : {};
    const listed = await listUpstreamTools(
      targetOf(server, maxMessageBytes, own),
      transportFor(transports, server),
    );
    return listed.tools ?? [];
  };

  const held = options.heldStreams;
  const sessions = new SessionStore(options.store, clock);
  const audit = new AuditLog(options.store, clock, options.auditRetentionDays);
  const usageRecorder = new UsageRecorder(
    options.store,
    clock,
    options.analyticsRetentionDays,
    options.analyticsFlushMs,
  );
  const telemetry = new Telemetry({
    config: options.config,
    guard: options.guard,
    log,
    ...(options.telemetryIntervalMs !== undefined ? { intervalMs: options.telemetryIntervalMs } : {}),
    ...(options.telemetryLookup !== undefined ? { lookupFor: options.telemetryLookup } : {}),
  });
  /** A span around each named stage for traced requests, then the caller's own wrapper. */
  const wrapStage: StageWrapper = (name, context, run) => {
    const trace = (context as RequestContext).trace;
    const traced = trace === undefined ? run : () => trace.stage(name, context, run);
    return options.wrapStage === undefined ? traced() : options.wrapStage(name, context, traced);
  };
  /** The token vault (per-user upstream OAuth), loaded when a server first needs it. */
  const vault = onFirstUse(
    async () =>
      new (await import('../vault/upstream-oauth.js')).TokenVault({
        store: options.store,
        clock,
        http: options.http,
        guard: options.guard,
        ...(options.publicOutbound !== undefined ? { publicOutbound: options.publicOutbound } : {}),
        sealer: options.sealer,
        ...(options.vaultCacheMs !== undefined ? { cacheMs: options.vaultCacheMs } : {}),
        serverById: (id) => readServer(options.store, id, options.sealer),
      }),
  );
  const webhookDeps = { http: options.http, guard: options.guard, clock };
  /** The rate limiter, loaded with the first request of a workspace that has rate limits. */
  let limiterMade: RateLimiter | undefined;
  const limiter = onFirstUse(async () => {
    const { RateLimiter } = await import('../policies/rate-limit/limiter.js');
    limiterMade = new RateLimiter(options.store, clock);
    return limiterMade;
  });
  /**
   * Records begun off a request's path (a tool's pin, its drift's audit event, a budget alert's delivery): `settle` and `close`
   * finish them before flushing, or a frozen Lambda instance could lose them for good.
   */
  const background = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    background.add(work);
    const done = () => background.delete(work);
    work.then(done, done);
  };

  /** The budgets' meter, loaded with the first call a budget covers; undefined until then. */
  let meterMade: BudgetMeter | undefined;
  const meter = onFirstUse(async () => {
    const { BudgetMeter } = await import('../policies/budget/meter.js');
    meterMade = new BudgetMeter(
      options.store,
      clock,
      (alert) => {
        log(
          `mcp-gateway: budget "${alert.budget.name}" passed ${Math.round(alert.threshold * 100)}% for ${alert.key} in ${alert.period} (${alert.spent} of ${alert.budget.amount})`,
        );
        audit.enqueue({
          type: 'budget.alert',
          workspace: alert.budget.workspace ?? 'default',
          actor: { kind: 'gateway', id: 'mcp-gateway' },
          resource: { type: 'budget', id: alert.budget.id ?? alert.budget.name, name: alert.budget.name },
          detail: {
            key: alert.key,
            period: alert.period,
            threshold: alert.threshold,
            spent: alert.spent,
            amount: alert.budget.amount,
          },
        });
        const name = alert.budget.webhook;
        if (name === undefined) return;
        // tracked: `settle` and `close` see it out, or a frozen Lambda instance would send it late or never
        // (no instance sends it again: the alert is marked raised in the store)
        track(
          (async () => {
            const webhook = await options.config.webhookByName(name);
            if (webhook === undefined || webhook.workspace !== alert.budget.workspace) return;
            const { deliverNotice } = await import('../webhooks/call.js');
            await deliverNotice(webhookDeps, webhook, {
              // the same on every attempt: the crossing of this threshold, for this key, in this period
              id: `${alert.budget.id ?? alert.budget.name}:${alert.key}:${alert.period}:${alert.threshold}`,
              type: 'budget.alert',
              budget: alert.budget.name,
              workspace: alert.budget.workspace,
              key: alert.key,
              period: alert.period,
              threshold: alert.threshold,
              spent: alert.spent,
              amount: alert.budget.amount,
            });
          })().catch((error: unknown) => log(`mcp-gateway: budget alert not delivered: ${String(error)}`)),
        );
      },
      undefined,
      options.budgetLeases === true,
    );
    return meterMade;
  });
  /** The gateway's credentials at upstreams, loaded with the first server that has them. */
  const credentials = onFirstUse(
    async () =>
      new (await import('../policies/upstream-credentials/index.js')).UpstreamCredentials({
        http: options.http,
        guard: options.guard,
        clock,
        keys: { signing: async () => (await brokerKeys()).signing() },
      }),
  );
  const providerKeys = new JwksCache({ http: options.http, guard: options.guard, clock });
  const tokens = new TokenVerifier({
    keys: providerKeys,
    clock,
  });
  const publicUrl = options.publicUrl !== undefined ? { publicUrl: options.publicUrl } : {};
  /** The gateway's own signing keys, loaded with the first token it signs or checks (most calls need none). */
  const brokerKeys = onFirstUse(
    async (): Promise<BrokerKeys> =>
      new (await import('../broker/keys.js')).BrokerKeys(options.store, clock, { sealer: options.sealer }),
  );
  /** The gateway's own authorization server, loaded with the first request to one of its routes. */
  const authorizationServer = onFirstUse(async () =>
    (await import('../broker/routes.js')).authorizationServer({
      config: options.config,
      http: options.http,
      guard: options.guard,
      publicOutbound: options.publicOutbound ?? { http: options.http, guard: options.guard },
      store: options.store,
      clock,
      keys: await brokerKeys(),
      tokens,
      providerKeys,
      vault,
      // a grant this instance revokes is refused here at once, by other instances within their recheck
      noteRevoked: async (family) => (await revokedGrants()).note(family),
      publicUrl: options.publicUrl,
    }),
  );

  /** RFC 9728 metadata: of one server's resource, or (the root form) of the gateway as a whole. */
  const resourceMetadata = async (request: HttpRequest, rest: string): Promise<HttpResponse> => {
    const headers = { 'access-control-allow-origin': '*', 'cache-control': 'max-age=300' };
    const base = baseUrlOf(request, options.publicUrl);
    const providers = await options.config.identityProviders();
    if (rest === '' || rest === '/')
      return json(
        200,
        metadataDocument(base, 'mcp-gateway', [...issuersFor('default', providers), base]),
        headers,
      );
    const match = MCP_PATH.exec(rest);
    if (match?.[1] === undefined) return noRoute(request);
    const name = decodePathSegment(match[1]);
    // an unknown server is described like one of the default workspace. A server of another workspace
    // names that workspace's issuers and scopes, as clients need them to sign in (RFC 9728): that such a
    // name exists is all it tells, as every protected resource's metadata does
    const server = await options.config.serverByName(name).catch(() => undefined);
    const workspace = server?.workspace ?? 'default';
    const { resource } = resourceOf(base, name);
    // the identity providers first (people), then the gateway's own authorization server (machines)
    // people sign in through the gateway when a provider offers them sign-in: it leads; otherwise the
    // identity providers come first (their own tokens), then the gateway's server (machines)
    // only the issuers whose tokens the server takes (its workspace's and its own `authentication`): a
    // client signs in at the first one listed
    const accepted = acceptedBy(await options.config.workspaceByName(workspace), server);
    const theirs = accepted.methods.has('jwt')
      ? issuersFor(
          workspace,
          providers.filter((p) => accepted.providers === undefined || accepted.providers.has(p.name)),
        )
      : [];
    const ours = accepted.methods.has('oauth') ? [base] : [];
    const issuers = (await hasSignIn(options, workspace, accepted))
      ? [...ours, ...theirs]
      : [...theirs, ...ours];
    return json(200, metadataDocument(resource, name, issuers, server?.scopes), headers);
  };

  const originConfig = {
    allowedOrigins: options.allowedOrigins ?? [],
    allowLoopback: options.allowLoopbackOrigins ?? false,
  };
  // loaded with the first server that forwards its callers' identity; the others' upstreams get none
  const identityStage = onFirstUse(async () =>
    (await import('../policies/forward-identity/index.js')).forwardIdentity({
      keys: await brokerKeys(),
      clock,
      ...publicUrl,
    }),
  );
  const identityForwarding: ReturnType<typeof forwardIdentity> = {
    name: 'forward-identity',
    async run(context, next) {
      if (context.server.identity === undefined)
        return next(extend(context, { upstreamHeaders: NO_HEADERS }));
      return (await identityStage()).run(context, next);
    },
  };
  const stages = Pipeline.start<RequestContext, McpAnswer>()
    .use(origin(originConfig))
    .use(lookupServer({ config: options.config }))
    .use(
      authenticate({
        config: options.config,
        tokens,
        clock,
        // (loaded with the first of the gateway's own tokens: a deployment without sign-in has none)
        broker: async (token, issuer, resource, server) =>
          (await brokerTokens()).verifyBrokerToken(token, issuer, resource, server, {
            keys: await brokerKeys(),
            config: options.config,
            clock,
            revoked: await revokedGrants(),
          }),
        brokerKid: async (kid) => (await (await brokerKeys()).publicJwks()).keys.some((k) => k.kid === kid),
        webhooks: { decide: async (...question) => (await authnWebhooks()).decide(...question) },
        usage: new KeyUsage(options.store, clock),
        ...(options.adminKey !== undefined ? { isAdminKey: (token) => options.adminKey!.holds(token) } : {}),
        ...publicUrl,
      }),
    )
    .use(resolveServer())
    .use(authorizeWorkspace({ ...publicUrl, audit }))
    // before the body is read: nothing a closed-out principal sends tells the server from a missing one
    .use(accessGate({ config: options.config, clock, audit, ...publicUrl }))
    .use(parseMcp())
    // a stateless client's Mcp-Param-* headers against its arguments: loaded with the first such client
    .use(
      loadedWhenNeeded(
        'param-headers',
        ({ mcp }) => mcp.era === 'stateless',
        async () =>
          (await import('../policies/param-headers/index.js')).paramHeaders({ catalogs, listTools }),
      ),
    )
    .use(usage(usageRecorder))
    .use(toolProvisioning({ catalogs, listTools }))
    .use(
      accessControl({
        config: options.config,
        clock,
        seen: new SeenUsers(options.store, clock),
        audit,
        // loaded with the first authorization webhook asked: a deployment without any never loads them
        webhooks: {
          decide: async (...question) => (await authzWebhooks()).decide(...question),
          usable: async (...question) => (await authzWebhooks()).usable(...question),
        },
        ...publicUrl,
      }),
    )
    .use(
      loadedWhenNeeded(
        'rate-limit',
        (context) => context.rules.rateLimits.length > 0,
        async () => (await import('../policies/rate-limit/index.js')).rateLimit({ limiter: await limiter() }),
      ),
    )
    .use(
      // loaded with the first task a client creates or names, or a stream it resumes (answers replayed)
      loadedWhenNeeded(
        'task-ownership',
        ({ mcp }) =>
          mcp.operation === 'listen' ||
          mcp.messages.some(
            (m) =>
              m.kind === 'request' &&
              (m.method?.startsWith('tasks/') === true ||
                (m.method === 'tools/call' &&
                  (m.message as { params?: { task?: unknown } }).params?.task !== undefined)),
          ),
        async () =>
          (await import('../policies/task-ownership/index.js')).taskOwnership({
            store: options.store,
            clock,
            log,
          }),
      ),
    )
    .use(
      // loaded with the first guardrail: a deployment without any never loads their detectors
      loadedWhenNeeded(
        'guardrails',
        (context) => context.rules.guardrails.length > 0,
        async () =>
          (await import('../policies/guardrails/index.js')).guardrails({
            config: options.config,
            webhooks: webhookDeps,
            audit,
            catalogs,
            log,
          }),
      ),
    )
    .use(
      // loaded with the first server that pins its tools, or may fail over to one that does
      loadedWhenNeeded(
        'tool-pinning',
        (context) =>
          (context.server.toolPinning ?? 'off') !== 'off' || (context.server.fallbacks?.length ?? 0) > 0,
        async () => {
          const { toolPinning } = await import('../policies/tool-pinning/index.js');
          return toolPinning({
            pins: await pinCache(),
            catalogs,
            audit,
            log,
            background: track,
          });
        },
      ),
    )
    .use(
      toolCatalog({
        catalogs,
        listTools,
        log,
        // a catalog listed anew after a change notice: its drifts recorded (with their audit events)
        refreshed: async (server, tools) => {
          if ((server.toolPinning ?? 'off') === 'off') return;
          const { recordCatalogDrifts } = await import('../policies/tool-pinning/index.js');
          const recorded = recordCatalogDrifts({ pins: await pinCache(), audit }, server, tools);
          track(recorded);
          await recorded;
        },
      }),
    )
    .use(identityForwarding)
    .use(
      // loaded with the first server that has credentials, or fallbacks (whose own may be refused)
      loadedWhenNeeded(
        'upstream-credentials',
        ({ server }) => server.credentials !== undefined || (server.fallbacks?.length ?? 0) > 0,
        async () =>
          (await import('../policies/upstream-credentials/index.js')).upstreamCredentials(
            await credentials(),
            vault,
            options.publicUrl,
            (name) => options.config.serverByName(name),
          ),
      ),
    )
    // last: a call that an earlier stage refuses (a quarantined tool, a user who must still consent) is
    // never charged
    .use(
      // loaded with the first call of a workspace that has budgets
      loadedWhenNeeded(
        'budget',
        (context) => context.rules.budgets.length > 0,
        async () => (await import('../policies/budget/index.js')).budgets({ meter: await meter() }),
      ),
    );
  const terminal = (context: ProxyContext) =>
    context.server.transport === 'virtual' ? virtual().then((run) => run(context)) : proxy(context);
  // stages are wrapped only for requests that are traced (or when the caller wraps them): an untraced
  // request pays no closure per stage
  const wrapped = stages.end(terminal, wrapStage);
  const plain = options.wrapStage === undefined ? stages.end(terminal) : wrapped;

  /**
   * What a server itself says of a caller's request, as its rules are now: a fallback's say on a request
   * made to the server the client named, and an open stream's recheck (loaded with the first of either).
   */
  const serverAdmits = onFirstUse(async () =>
    (await import('../policies/access/fallback.js')).fallbackAdmission({
      config: options.config,
      clock,
      webhooks: { decide: async (...question) => (await authzWebhooks()).decide(...question) },
      quarantined: async (fallback, tool) => {
        const { refusedUnderQuarantine } = await import('../catalog/pins.js');
        const serverId = fallback.id ?? fallback.name;
        const [pins, catalog] = await Promise.all([(await pinCache()).get(serverId), catalogs.get(serverId)]);
        return refusedUnderQuarantine(
          pins,
          tool,
          catalog?.tools.find((t) => t.name === tool),
          catalog?.updatedAt,
        );
      },
    }),
  );
  /**
   * Whether the credential a long stream was opened with still holds (an api key not revoked, disabled or
   * expired; a token not expired, its user not signed out), and the caller may still use the server as
   * the configuration says now: an api key's `servers`, the server's sign-in rules, the access policies
   * and its authorization webhook (what a POST meets at once, a stream meets at its next recheck).
   */
  const credentialHolds = async (context: ProxyContext): Promise<boolean> => {
    const { principal, request, member } = context;
    let current = principal;
    if (principal.method === 'api-key') {
      // a virtual server's member is called without the header: the caller's key comes along apart
      const key = member?.bearer ?? bearerToken(request.headers.authorization);
      const found = key === undefined ? undefined : await options.config.authenticateApiKey(key);
      if (found === undefined || found === 'unusable') return false;
      // a key reaching a virtual server reaches its members through it (as the virtual server calls them)
      if (member !== undefined) {
        const { servers: _servers, ...through } = found;
        current = through;
      } else current = found;
    } else {
      // a token's own end, and its user's sign-out (a client's own token is no person's)
      const exp = principal.claims?.['exp'];
      if (typeof exp === 'number' && exp * 1000 <= clock.now()) return false;
      if (principal.method !== 'webhook' && principal.provider?.startsWith('client:') !== true) {
        const at = await options.config.signedOutAt(principal.workspace, principal.user);
        if (at !== undefined && predates(principal.claims, at, clock.now())) return false;
      }
    }
    const { admitted } = await (await serverAdmits())(context.server, { ...context, principal: current });
    return admitted;
  };
  const proxy = createMcpProxy({
    sessions,
    bridges: new BridgeStore(options.store, clock),
    transports,
    guard: options.guard,
    maxMessageBytes,
    router: new TargetRouter(options.store, clock, Math.random, track),
    retries: new RetryBudgets(),
    annotationsOf: async (server, tool) =>
      (await catalogs.get(server.id ?? server.name))?.tools.find((t) => t.name === tool)?.annotations,
    serverByName: (name) => options.config.serverByName(name),
    ownHeaders: async (server) => (await credentials()).headersFor(server),
    fallbackAdmits: async (fallback, context) => (await serverAdmits())(fallback, context),
    ...(held !== undefined ? { held } : {}),
    ...(options.streamRecheckMs !== undefined ? { streamRecheckMs: options.streamRecheckMs } : {}),
    credentialHolds,
    track,
  });
  /** A virtual server's call to a member: the member's own pipeline, as the virtual server's caller. */
  const memberCall = (call: MemberRequest): Promise<McpAnswer> =>
    plain({
      request: {
        method: call.method,
        path: `/mcp/${encodeURIComponent(call.server)}`,
        headers: call.headers,
        query: {},
        body: call.body,
        ...(call.signal !== undefined ? { signal: call.signal } : {}),
        ...(call.deadline !== undefined ? { deadline: call.deadline } : {}),
        ...(call.baseUrl !== undefined ? { baseUrl: call.baseUrl } : {}),
      },
      serverName: call.server,
      member: {
        principal: call.principal,
        ...(call.on !== undefined ? { on: call.on } : {}),
        ...(call.bearer !== undefined ? { bearer: call.bearer } : {}),
      },
      // the virtual server's trace: its member's upstream exchange is a CLIENT span there (stages untraced)
      ...(call.trace !== undefined ? { trace: call.trace } : {}),
    });
  const virtual = onFirstUse(async () =>
    (await virtualServers()).createVirtualServer({
      sessions,
      store: options.store,
      clock,
      member: memberCall,
      serverByName: (name) => options.config.serverByName(name),
      credentialHolds,
      ...(options.streamRecheckMs !== undefined ? { pollMs: options.streamRecheckMs } : {}),
    }),
  );

  /** The typed error of a failure; an internal one (a fault, not the caller's) is logged: no answer says why. */
  const logged = (request: HttpRequest, thrown: unknown): GatewayError => {
    const error = asGatewayError(thrown);
    if (error.code === 'internal')
      log(`mcp-gateway: internal error on ${request.method} ${request.path}: ${String(thrown)}`);
    return error;
  };

  const failure = (request: HttpRequest, thrown: unknown): HttpResponse => {
    const error = logged(request, thrown);
    const id = request.method === 'POST' ? replyId(request.body) : null;
    const status = id !== null && ANSWERED_IN_BAND.has(error.code) ? 200 : error.status;
    return json(status, errorResponse(id, toJsonRpcError(error)), error.headers ?? {});
  };

  /** A batch the upstream failed as a whole: each request still gets its answer, the refused ones theirs. */
  const batchFailure = (mcp: McpView, thrown: unknown): HttpResponse => {
    const error = asGatewayError(thrown);
    const answers = mcp.messages.flatMap((m, index) => {
      const id = answeredId(m);
      return id === undefined ? [] : [errorResponse(id, toJsonRpcError(mcp.refused.get(index) ?? error))];
    });
    // a batch of answers and notifications only: its failure is told by the status, as for one of them
    if (answers.length === 0)
      return json(error.status, errorResponse(null, toJsonRpcError(error)), error.headers ?? {});
    // a batch no request of which may go (over a rate limit): each answered, with the 429 and its wait
    return error.code === 'rate_limited'
      ? json(error.status, answers, error.headers ?? {})
      : json(200, answers);
  };

  /** What answers sent already still finish (`HttpResponse.after`): `close` waits for it. */
  const afters = new Set<Promise<void>>();
  const finishing = (response: HttpResponse): HttpResponse => {
    const { after } = response;
    if (after !== undefined) {
      afters.add(after);
      const done = () => afters.delete(after);
      after.then(done, done);
    }
    return response;
  };

  const browsers = cors(originConfig);
  const route = async (request: HttpRequest): Promise<HttpResponse> => {
    if (request.path === '/healthz') return json(200, { status: 'ok' });
    // the authorization server's routes: /oauth/* and its two well-known documents
    if (isAuthorizationServerPath(request.path)) {
      // bounded as the MCP endpoint's are, whatever the edge lets through (API Gateway: 10 MB)
      if (bodySize(request) > maxBodyBytes)
        return json(413, {
          error: 'invalid_request',
          error_description: `The request body exceeds ${maxBodyBytes} bytes.`,
        });
      try {
        const answered = await (await authorizationServer())(request);
        if (answered !== undefined) return answered;
      } catch (thrown) {
        const error = logged(request, thrown);
        return json(error.status, { error: 'server_error', error_description: error.message });
      }
    }
    if (request.path.startsWith(METADATA_PATH) && (request.method === 'GET' || request.method === 'HEAD')) {
      try {
        return await resourceMetadata(request, request.path.slice(METADATA_PATH.length));
      } catch (thrown) {
        return errorAnswer(logged(request, thrown), true);
      }
    }
    const match = MCP_PATH.exec(request.path);
    if (match?.[1] === undefined) return noRoute(request);
    let context: RequestContext | undefined;
    try {
      if (bodySize(request) > maxBodyBytes) {
        throw new GatewayError('payload_too_large', `The request body exceeds ${maxBodyBytes} bytes.`);
      }
      const serverName = decodePathSegment(match[1]);
      const trace = await telemetry.begin(request, serverName);
      context = { request, serverName, ...(trace !== undefined ? { trace } : {}) };
      let answer: McpAnswer;
      try {
        answer = await (trace === undefined ? plain : wrapped)(context);
      } catch (thrown) {
        // a client that went away before the answer began broke it off itself: no failure to trace
        trace?.end(request.signal?.aborted === true ? undefined : thrown);
        throw thrown;
      }
      if (trace !== undefined) answer = trace.follow(answer);
      const mcp = (context as Partial<Pick<ProxyContext, 'mcp'>>).mcp;
      return finishing(
        await encodeAnswer(
          answer,
          mcp?.batch === true,
          (error, answered) => {
            const gatewayError = asGatewayError(error);
            // answered in band, the failure reaches no other log: an internal one is written here
            if (gatewayError.code === 'internal')
              log(
                `mcp-gateway: internal error answering ${request.method} ${request.path}: ${String(error)}`,
              );
            const failed = toJsonRpcError(gatewayError);
            if (mcp?.batch !== true) return [errorResponse(replyId(request.body), failed)];
            // a batch keeps the responses read before the failure; its other requests get the error
            return mcp.messages.flatMap(({ message }) =>
              isRequest(message) && !answered.has(message.id) ? [errorResponse(message.id, failed)] : [],
            );
          },
          jsonAnswerFor(request, mcp),
          jsonOnly(request, mcp),
        ),
      );
    } catch (thrown) {
      const mcp = (context as Partial<Pick<ProxyContext, 'mcp'>> | undefined)?.mcp;
      const code = asGatewayError(thrown).code;
      if (mcp?.batch === true && (ANSWERED_IN_BAND.has(code) || code === 'rate_limited'))
        return batchFailure(mcp, thrown);
      return failure(request, thrown);
    }
  };

  return {
    async handle(request) {
      const preflight = browsers.preflight(request);
      if (preflight !== undefined) return preflight;
      const response = await route(request);
      return request.headers.origin === undefined ? response : browsers.answer(request, response);
    },
    settle: async (until?: number) => {
      const left = (most = Number.POSITIVE_INFINITY) =>
        Math.max(0, Math.min(most, (until ?? Number.POSITIVE_INFINITY) - Date.now()));
      /** `work`, waited for no longer than `until` allows. */
      const within = (work: Promise<unknown>) => (until === undefined ? work : finishesWithin(work, left()));
      await finishesWithin(Promise.all(background), left(AFTER_GRACE_MS));
      // the meter first: writing the spend raises the budget alerts the audit log then writes
      await within(Promise.all([meterMade?.flush(), telemetry.settle(), usageRecorder.settle()]));
      await within(audit.flush());
      // the budget alerts that writing the spend raised are delivered before the instance may freeze
      if (background.size > 0) await finishesWithin(Promise.all(background), left(AFTER_GRACE_MS));
    },
    async close() {
      // answers already out may still read the rest of their upstream stream, and record the call then
      await finishesWithin(Promise.all([...afters, ...background]), AFTER_GRACE_MS);
      transports.closeAll();
      held?.closeAll();
      // what allowed calls cost, and what was refused, is written before the process goes; the meter
      // before the audit log, which takes the alerts its last write raised. Unused rate-limit leases go
      // back for the other instances.
      const closed = await Promise.allSettled([
        meterMade?.close(),
        telemetry.close(),
        usageRecorder.close(),
        limiterMade?.release(),
      ]);
      await audit.close();
      if (background.size > 0) await finishesWithin(Promise.all(background), AFTER_GRACE_MS);
      // all closed as far as they could: then what was lost is told
      const failed = closed.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
      if (failed.length > 0)
        throw new Error(
          failed.map((reason) => String(reason instanceof Error ? reason.message : reason)).join('; '),
        );
    },
  };
}
