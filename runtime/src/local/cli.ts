/**
 * `mcp-gateway`: the local runner. Opens the store (embedded, or a shared table in service mode), builds
 * the same data plane and management API as the Lambda handlers, and serves them behind node:http.
 * Composition root of local and service mode.
 */

import { existsSync } from 'node:fs';
import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { AuditLog } from '../audit/log.js';
import type { BootstrappedAdminKey } from '../auth/admin-key.js';
import { syncDueRegistries } from '../catalog/registry.js';
import { sealingKeyProblem } from '../config/sealed-fields.js';
import { systemClock } from '../core/clock.js';
import { GatewayError, messageOf } from '../core/errors.js';
import { createGuardedHttpClient } from '../core/guarded-http.js';
import { finishesWithin } from '../core/time.js';
import { createUrlGuard, isLoopbackHost, portOf } from '../core/url-guard.js';
import { adminKeyFor } from '../lambda/admin-key.js';
import { outboundRules, sealerFor } from '../lambda/environment.js';
import { gatewayOptionsFor } from '../lambda/gateway-options.js';
import { awsFunctionInvoker } from '../lambda/invoker.js';
import { managementOutboundFor, managementTokensFor } from '../lambda/management-tokens.js';
import { publicOutboundFor } from '../lambda/outbound.js';
import { type RuntimeSettings, readSettings } from '../lambda/settings.js';
import { createManagementApi } from '../management/api.js';
import { createResourceService } from '../management/resources.js';
import { createGateway } from '../mcp/gateway.js';
import { checkAllServers, ownCredentials } from '../mcp/health.js';
import { HeldStreams } from '../mcp/held-streams.js';
import { upstreamTransports } from '../mcp/upstream/transports.js';
import { defaultTableName } from '../store/table-definition.js';
import { runImport } from './import-command.js';
import { loadHandler, startInvokeEndpoint } from './lambda-endpoint.js';
import { type CliOptions, HELP, onAws, parseCliOptions, UsageError } from './options.js';
import { createLocalServer } from './server.js';
import { openStore } from './store.js';

/** How often the local gateway looks for servers due a health check. */
const HEALTH_TICK_MS = 5000;
/** The least length of an admin key not called out as guessable (as the AWS constructs require). */
const STRONG_ADMIN_KEY = 32;
/** A signal repeated within this time is the one stop, not a second signal (see `stop`). */
const REPEATED_SIGNAL_MS = 1000;
/**
 * What a stop may take past its grace: a moment for handlers whose connections were cut (1 s), answers
 * already sent finishing their upstream streams (5 s), the flush of pending writes and the alerts they
 * raise (6.5 s at most when the store answers): the README's "grace and 13 s".
 */
const STOP_AFTER_GRACE_MS = 13_000;
/** The least time a handler whose connection was cut gets to finish before the store closes. */
const CUT_SETTLE_MS = 1000;

function fail(message: string): never {
  console.error(`mcp-gateway: ${message}\n\n${HELP}`);
  process.exit(2);
}

function adminKeyLine(
  admin: BootstrappedAdminKey,
  options: CliOptions,
  keyFile: string | undefined,
  envKey: string | undefined,
): string {
  if (admin.generatedKey !== undefined)
    return `  Admin key (shown once${keyFile ? `, also in ${keyFile}` : ''}): ${admin.generatedKey}`;
  if (admin.source === 'env') {
    // the whole deployment's master credential: one that could be guessed is said so at every start
    const length = (envKey ?? '').trim().length;
    const weak =
      length < STRONG_ADMIN_KEY
        ? ` (only ${length} characters: use at least ${STRONG_ADMIN_KEY} random ones wherever others can reach this gateway)`
        : '';
    return admin.replacedStored === true
      ? `  Admin key:       from MCP_GATEWAY_ADMIN_KEY${weak}, in place of the one the store held (processes that took it from the store drop it within a minute)`
      : `  Admin key:       from MCP_GATEWAY_ADMIN_KEY${weak}`;
  }
  if (admin.source === 'secret')
    return '  Admin key:       from the secret MCP_GATEWAY_ADMIN_KEY_SECRET_ARN names';
  const { store } = options;
  // the file is gone when a key from MCP_GATEWAY_ADMIN_KEY replaced the generated one
  return store.kind === 'embedded' &&
    store.dataDir !== undefined &&
    existsSync(join(store.dataDir, 'admin-key'))
    ? `  Admin key:       generated earlier (see ${join(store.dataDir, 'admin-key')})`
    : '  Admin key:       the one already in the store (shown once by the gateway that generated it, or given in MCP_GATEWAY_ADMIN_KEY where one was started with it)';
}

async function main(): Promise<void> {
  if (process.argv[2] === 'import') {
    process.exitCode = await runImport(process.argv.slice(3), process.env);
    return;
  }
  let options: CliOptions | 'help';
  try {
    options = parseCliOptions(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof UsageError) fail(error.message);
    throw error;
  }
  if (options === 'help') {
    process.stdout.write(HELP);
    return;
  }
  const { store: choice } = options;

  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // a local store's client has dummy credentials of its own (store/dynamodb.ts), a local Invoke endpoint's
  // too (lambda/invoker.ts): the process's AWS settings stay the user's, for functions on AWS
  const tableName = choice.kind === 'table' ? choice.tableName : defaultTableName;
  // reachable from other machines (bound to their network, or behind a proxy), the audience tokens are
  // checked for must not follow a Host header any client can send (a token for another resource would pass)
  const servesOthers = !isLoopbackHost(options.host) || options.trustedProxies > 0;
  let settings: RuntimeSettings;
  try {
    // the same validated settings the Lambda handlers read. Local mode (loopback upstreams, webhooks and
    // browser origins) is for a gateway of this machine: on a store here, serving this machine only. One
    // others reach, or on a shared or AWS's DynamoDB, guards outbound calls as Lambda does (unless
    // MCP_GATEWAY_LOCAL says otherwise): its admins must not reach this machine's other services
    const onThisMachine =
      choice.kind === 'embedded' ||
      (choice.endpoint !== undefined && isLoopbackHost(new URL(choice.endpoint).hostname));
    // a public URL of another host is a way in from elsewhere (a tunnel, a proxy on this machine)
    const publicHost = URL.canParse(process.env.MCP_GATEWAY_PUBLIC_URL ?? '')
      ? new URL(process.env.MCP_GATEWAY_PUBLIC_URL!).hostname
      : undefined;
    const reachedFromElsewhere = publicHost !== undefined && !isLoopbackHost(publicHost);
    // an operator's own MCP_GATEWAY_LOCAL (0 too) is theirs to give
    const local =
      onThisMachine && !servesOthers && !reachedFromElsewhere && !process.env.MCP_GATEWAY_LOCAL?.trim()
        ? { MCP_GATEWAY_LOCAL: '1' }
        : {};
    settings = readSettings({ ...process.env, MCP_GATEWAY_TABLE: tableName, ...local });
  } catch (error) {
    if (error instanceof GatewayError) fail(error.message);
    throw error;
  }
  // a deployment's table holds secrets its functions sealed with its KMS key: a process without that key
  // could open none of them, and would write new ones in the clear
  // (a local vault key would win over it: sealed with it, nothing is the functions' to open)
  if (onAws(choice) && (settings.vaultKmsKeyId === undefined || settings.vaultKey !== undefined))
    fail(
      `The table ${tableName} is a deployment's: set MCP_GATEWAY_VAULT_KMS_KEY to its KMS key (the CDKTF stack's <id>_vault_kms_key_arn output, or vaultKmsKeyArn with Pulumi) and no MCP_GATEWAY_VAULT_KEY, so secrets are sealed as its functions seal them.`,
    );
  if (settings.publicUrl === undefined && servesOthers)
    fail(
      `${options.trustedProxies > 0 ? `--trusted-proxies ${options.trustedProxies}` : `--host ${options.host}`} serves other machines: set MCP_GATEWAY_PUBLIC_URL to the URL clients use (tokens are checked for <url>/mcp/{server}).`,
    );

  const opened = await openStore(choice);
  const { store } = opened;
  const sealer = sealerFor(settings);
  const resources = createResourceService({ store, sealer });
  // a process without the key its store's secrets are sealed with would write new ones in the clear; one
  // with another key would serve without any of them, and seal what the others cannot open. A KMS key
  // is not judged here (each opening is a KMS call; the key names itself in what it sealed)
  const byKms = settings.vaultKmsKeyId !== undefined && settings.vaultKey === undefined;
  const keyProblem = byKms
    ? undefined
    : await sealingKeyProblem(
        store,
        resources.models.map((model) => model.annotation.type),
        sealer,
      );
  if (keyProblem === 'missing') {
    await opened.close().catch(() => undefined);
    fail(
      'The store holds secrets sealed with a key: set MCP_GATEWAY_VAULT_KEY to it (or MCP_GATEWAY_VAULT_KMS_KEY to its KMS key). Without it this process could open none of them, and would write new ones in the clear.',
    );
  }
  if (keyProblem === 'wrong') {
    await opened.close().catch(() => undefined);
    fail(
      'MCP_GATEWAY_VAULT_KEY opens none of the secrets the store holds: they were sealed with another key. Set it to that key, or, to rotate, keep the old one in MCP_GATEWAY_VAULT_PREVIOUS_KEYS (then reseal: POST /v1/sealing/reseal).',
    );
  }
  // the store (on this machine, or in its network: a DynamoDB Local beside it) is no upstream, webhook or
  // key set anyone may name: an admin of one workspace would read and write every workspace's data
  // through it (its emulators check no signature). DynamoDB itself checks every request's signature (and
  // its port is https's: reserved, no private https destination could be reached)
  if (opened.endpoint !== undefined && !onAws(choice))
    settings = { ...settings, reservedPorts: [portOf(new URL(opened.endpoint))] };
  // first writer wins: a process joining a shared store adopts the key another one generated. A table on
  // AWS itself is a deployment's: its key is in the secret the deployment made, never minted here
  // a deployment's secret names the key of its table only, not of an embedded store
  const { adminKeySecretArn: _secret, ...localSettings } = settings;
  const admin = await adminKeyFor(choice.kind === 'table' ? settings : localSettings, store, {
    generate: !onAws(choice),
    noKey: `The table ${tableName} holds no admin key: set MCP_GATEWAY_ADMIN_KEY_SECRET_ARN to the deployment's admin key secret (or MCP_GATEWAY_ADMIN_KEY).`,
  }).catch(async (error: unknown) => {
    await opened.close().catch(() => undefined);
    fail(error instanceof Error ? error.message : String(error));
  });
  let keyFile: string | undefined;
  if (admin.generatedKey !== undefined && choice.kind === 'embedded' && choice.dataDir !== undefined) {
    keyFile = join(choice.dataDir, 'admin-key');
    await writeFile(keyFile, `${admin.generatedKey}\n`, { mode: 0o600 });
    await chmod(keyFile, 0o600);
  }
  // the key generated earlier no longer works (replaced here, or by a process sharing the store that was
  // started with MCP_GATEWAY_ADMIN_KEY): its file would only mislead
  if (choice.kind === 'embedded' && choice.dataDir !== undefined) {
    const file = join(choice.dataDir, 'admin-key');
    const kept = admin.source === 'store' ? await readFile(file, 'utf8').catch(() => undefined) : undefined;
    if (admin.replacedStored === true || (kept !== undefined && !admin.holds(kept.trim())))
      await rm(file, { force: true });
  }
  // a key generated into a shared store is kept nowhere but the banner: a start that fails before it
  // (the port taken, a --lambda module missing) must still show it, or nobody ever sees it
  let keyShown = admin.generatedKey === undefined || keyFile !== undefined;
  process.once('exit', () => {
    if (!keyShown)
      console.error(
        `mcp-gateway: the admin key generated into the store (shown once): ${admin.generatedKey}`,
      );
  });

  // functions served locally: the gateway's Lambda client (the AWS SDK's) is pointed at them
  const invoke =
    Object.keys(options.functions).length > 0
      ? await startInvokeEndpoint(
          Object.fromEntries(
            await Promise.all(
              Object.entries(options.functions).map(async ([name, module]) => [
                name,
                { handler: await loadHandler(module) },
              ]),
            ),
          ),
        )
      : undefined;
  if (invoke !== undefined) {
    process.env.AWS_ENDPOINT_URL_LAMBDA = invoke.url;
    // the functions are a server's to call through its `function` (an admin's to set), never an upstream,
    // webhook or document anyone names by URL: their endpoint checks no signature
    settings = {
      ...settings,
      reservedPorts: [...(settings.reservedPorts ?? []), portOf(new URL(invoke.url))],
    };
  }

  // a long-lived process can hold a session's server→client stream until the client's GET arrives
  const gateway = createGateway({
    ...gatewayOptionsFor(settings, store, servesOthers),
    heldStreams: new HeldStreams(),
    budgetLeases: true,
    adminKey: admin,
  });
  const managementAudit = new AuditLog(store, systemClock, settings.auditRetentionDays);
  const management = createManagementApi({
    store,
    sealer,
    adminKey: admin,
    tokens: managementTokensFor(settings, store),
    outbound: managementOutboundFor(settings),
    publicOutbound: publicOutboundFor(settings, servesOthers),
    audit: managementAudit,
    auditRetentionDays: settings.auditRetentionDays,
    onError: (error, request) =>
      console.error(`mcp-gateway management: ${request.method} ${request.path}: ${String(error)}`),
  });
  const server = createLocalServer({
    gateway: (request) => gateway.handle(request),
    management,
    maxBodyBytes: settings.maxBodyBytes,
    timeouts: options.timeouts,
    trustedProxies: options.trustedProxies,
  });
  await new Promise<void>((done, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, done);
  });
  const address = server.address() as AddressInfo;
  const base = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;

  // servers with a `healthCheck` are probed when due (on AWS, the scheduled function does it)
  const outbound = outboundRules(settings);
  const probeHttp = createGuardedHttpClient(outbound);
  const probeTransports = upstreamTransports({
    http: probeHttp,
    guard: createUrlGuard(outbound),
    functions: awsFunctionInvoker(),
  });
  const probeCredentials = ownCredentials(probeHttp, createUrlGuard(outbound), systemClock);

  /** The health and registry run under way, if any (one at a time). */
  let probing: Promise<unknown> | undefined;
  const probes = setInterval(() => {
    if (probing !== undefined) return;
    const guard = createUrlGuard(outbound);
    probing = checkAllServers(
      {
        store,
        clock: systemClock,
        guard,
        transports: probeTransports,
        ownCredentials: probeCredentials,
        sealer,
      },
      4,
      true,
    )
      .catch((error: unknown) => console.error(`mcp-gateway health: ${String(error)}`))
      // registries with a `schedule` are synced when due, on the same tick
      .then(() =>
        // a process stopping starts no sync: its store and audit log are about to close
        first !== undefined
          ? undefined
          : syncDueRegistries(resources, { http: probeHttp, guard }, managementAudit, (line) =>
              console.error(line),
            ),
      )
      .catch((error: unknown) => console.error(`mcp-gateway registries: ${String(error)}`))
      .finally(() => {
        probing = undefined;
      });
  }, HEALTH_TICK_MS);
  probes.unref();

  // No new connections; requests in flight get a moment to finish (a stream that goes on is cut after
  // it), and only then is what they left pending (usage, spend, change records) written and the store
  // closed. A second signal ends the process at once, but for the same one again within a second: a
  // Ctrl-C reaches a gateway under `npm start` twice, from the terminal and passed on by npm.
  let first: { signal: NodeJS.Signals; at: number } | undefined;
  /** The shutdown delay under way, if one is. */
  let delayed: NodeJS.Timeout | undefined;
  const stop = (signal: NodeJS.Signals) => {
    if (first !== undefined) {
      if (signal === first.signal && Date.now() - first.at < REPEATED_SIGNAL_MS) return;
      // a second signal during the delay: the stop itself, now (what requests left is still written)
      if (delayed !== undefined) {
        clearTimeout(delayed);
        delayed = undefined;
        first = { signal, at: Date.now() };
        return shutDown();
      }
      // a second signal during the stop: now
      server.closeAllConnections();
      process.exit(1);
    }
    first = { signal, at: Date.now() };
    clearInterval(probes);
    if (options.shutdownDelayMs === 0) return shutDown();
    // the load balancer learns of the stop from its health checks while this process still serves
    // what it sends meanwhile (a connection refused or cut now would fail a client's call)
    server.leave();
    console.error(
      `mcp-gateway: stopping in ${options.shutdownDelayMs} ms (MCP_GATEWAY_SHUTDOWN_DELAY_MS); /healthz answers 503 meanwhile`,
    );
    delayed = setTimeout(() => {
      delayed = undefined;
      shutDown();
    }, options.shutdownDelayMs);
  };
  const shutDown = () => {
    const started = Date.now();
    // one grace for the whole stop (draining, then handlers cut off still writing)
    const graceEnds = started + options.shutdownGraceMs;
    // and a bound on all of it: past it, what is still unwritten is lost either way (the orchestrator's
    // kill comes next), so the process says so and exits while it still can
    setTimeout(() => {
      console.error(
        `mcp-gateway: the stop took longer than its grace and ${STOP_AFTER_GRACE_MS / 1000} s (a slow store?): exiting, writes still pending are lost`,
      );
      process.exit(1);
    }, options.shutdownGraceMs + STOP_AFTER_GRACE_MS).unref();
    // a run under way finishes first (bounded by the grace): its probes cut short would be recorded as
    // failures that take healthy servers out of rotation for every process, and a sync's records lost
    const probed = finishesWithin(probing ?? Promise.resolve(), options.shutdownGraceMs).then(() =>
      probeTransports.closeAll(),
    );
    const drained = new Promise<void>((resolve) => server.close(() => resolve()));
    server.drain();
    const cut = setTimeout(() => server.closeAllConnections(), options.shutdownGraceMs);
    void Promise.all([drained, probed])
      // a handler whose connection was cut may still be writing (a reseal, a registry sync): it gets what
      // is left of the grace, and at least a moment, to finish before the store it writes to closes
      .then(() => finishesWithin(server.settled(), Math.max(CUT_SETTLE_MS, graceEnds - Date.now())))
      .then(() => {
        clearTimeout(cut);
        return Promise.all([
          invoke?.close(),
          gateway.close().then(
            () => true,
            (error: unknown) => {
              console.error(
                `mcp-gateway: writing what requests left pending: ${error instanceof Error ? error.message : String(error)}`,
              );
              return false;
            },
          ),
          managementAudit.close(),
        ]);
      })
      .then(async ([, written]) => {
        await opened.close();
        return written;
      })
      .then(
        (written) => process.exit(written ? 0 : 1),
        (error: unknown) => {
          console.error(`mcp-gateway: shutting down: ${String(error)}`);
          process.exit(1);
        },
      );
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, stop);
  // ready once a signal would stop it as it should: a stop asked for on this line is no crash
  console.log(
    [
      `mcp-gateway listening on ${base}`,
      `  MCP endpoint:    ${base}/mcp/{server}   (Authorization: Bearer <api key from POST /v1/api-keys>)`,
      `  Management API:  ${base}/v1             (OpenAPI at ${base}/v1/openapi.json)`,
      ...opened.describe,
      ...(invoke !== undefined
        ? [`  Lambda functions: ${Object.keys(options.functions).join(', ')} (Invoke API at ${invoke.url})`]
        : []),
      // behind a proxy that passes any Host through, only a fixed public URL pins the audience tokens need
      settings.publicUrl !== undefined
        ? `  Token audience:  ${settings.publicUrl.replace(/\/+$/, '')}/mcp/{server}`
        : "  Token audience:  follows each request's Host header (set MCP_GATEWAY_PUBLIC_URL to the URL clients use)",
      adminKeyLine(admin, options, keyFile, settings.adminKey),
      `  Use it as:       curl -H "Authorization: Bearer $ADMIN_KEY" ${base}/v1/servers`,
    ].join('\n'),
  );
  keyShown = true;
}

main().catch((error: unknown) => {
  console.error(`mcp-gateway: failed to start: ${messageOf(error)}`);
  process.exit(1);
});
