/**
 * `mcp-gateway`: the local runner. Starts the embedded DynamoDB-compatible store, then serves the very
 * same Lambda handlers as AWS does behind node:http. Composition root of local mode.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bootstrapAdminKey } from '../auth/admin-key.js';
import { openLocalStore } from '../store/embedded.js';
import { installAwsLambdaShim } from './awslambda.js';
import { createLocalServer, type LocalHandlers } from './server.js';

const HELP = `Usage: mcp-gateway [options]

Runs the MCP gateway locally: the MCP endpoint at /mcp/{server}, the management API at /v1,
with an embedded DynamoDB-compatible store.

Options:
  -p, --port <port>      port to listen on (env PORT, default 8787; 0 picks a free one)
      --host <host>      address to bind (env HOST, default 127.0.0.1)
  -d, --data-dir <dir>   data folder, kept across restarts (env MCP_GATEWAY_DATA_DIR, default .mcp-gateway)
      --memory           keep all data in memory (lost on exit)
  -h, --help             show this help

Environment:
  MCP_GATEWAY_ADMIN_KEY        admin key for /v1 (default: generated on first start, stored hashed)
  MCP_GATEWAY_MAX_BODY_BYTES   largest request body (default 4194304)
  MCP_GATEWAY_ALLOWED_ORIGINS  comma-separated browser origins allowed on /mcp (loopback always is)
`;

function fail(message: string): never {
  console.error(`mcp-gateway: ${message}\n\n${HELP}`);
  process.exit(2);
}

async function main(): Promise<void> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse();
  } catch (error) {
    fail((error as Error).message);
  }
  if (args.values.help) {
    process.stdout.write(HELP);
    return;
  }
  const port = Number(args.values.port ?? process.env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`invalid port "${args.values.port ?? process.env.PORT}"`);
  const host = args.values.host ?? process.env.HOST ?? '127.0.0.1';
  const memory = args.values.memory === true;
  const dataDir = resolve(args.values['data-dir'] ?? process.env.MCP_GATEWAY_DATA_DIR ?? '.mcp-gateway');

  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // the embedded store needs no credentials, but the SDK would otherwise probe the network for some
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  process.env.AWS_REGION ??= 'us-east-1';

  if (!memory) await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const local = await openLocalStore(memory ? { memory: true } : { dataDir });
  const admin = await bootstrapAdminKey({
    store: local.store,
    ...(process.env.MCP_GATEWAY_ADMIN_KEY ? { envKey: process.env.MCP_GATEWAY_ADMIN_KEY } : {}),
  });
  let adminKeyFile: string | undefined;
  if (admin.generatedKey !== undefined && !memory) {
    adminKeyFile = join(dataDir, 'admin-key');
    await writeFile(adminKeyFile, `${admin.generatedKey}\n`, { mode: 0o600 });
    await chmod(adminKeyFile, 0o600);
  }
  await local.store.close();

  process.env.MCP_GATEWAY_TABLE = 'mcp-gateway';
  process.env.MCP_GATEWAY_DYNAMODB_ENDPOINT = local.endpoint;
  process.env.MCP_GATEWAY_LOCAL = '1';
  installAwsLambdaShim();
  const [gateway, management] = await Promise.all([
    import('../lambda/gateway.js'),
    import('../lambda/management.js'),
  ]);
  const handlers = { gateway: gateway.handler, management: management.handler } as unknown as LocalHandlers;
  const maxBodyBytes = Number(process.env.MCP_GATEWAY_MAX_BODY_BYTES ?? 4 * 1024 * 1024);
  const server = createLocalServer({ handlers, maxBodyBytes });
  await new Promise<void>((done, reject) => {
    server.once('error', reject);
    server.listen(port, host, done);
  });
  const address = server.address() as AddressInfo;
  const base = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  const lines = [
    `mcp-gateway listening on ${base}`,
    `  MCP endpoint:    ${base}/mcp/{server}   (Authorization: Bearer <api key from POST /v1/api-keys>)`,
    `  Management API:  ${base}/v1             (OpenAPI at ${base}/v1/openapi.json)`,
    `  Data:            ${memory ? 'in memory' : dataDir}`,
  ];
  if (admin.generatedKey !== undefined) {
    lines.push(
      `  Admin key (shown once${adminKeyFile ? `, also in ${adminKeyFile}` : ''}): ${admin.generatedKey}`,
    );
  } else {
    lines.push(
      admin.source === 'env'
        ? '  Admin key:       from MCP_GATEWAY_ADMIN_KEY'
        : `  Admin key:       generated earlier (see ${join(dataDir, 'admin-key')})`,
    );
  }
  lines.push(`  Use it as:       curl -H "Authorization: Bearer $ADMIN_KEY" ${base}/v1/servers`);
  console.log(lines.join('\n'));

  const stop = () => {
    server.close();
    server.closeAllConnections();
    void local.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function parse() {
  return parseArgs({
    options: {
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      'data-dir': { type: 'string', short: 'd' },
      memory: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
}

main().catch((error: unknown) => {
  console.error(`mcp-gateway: failed to start: ${(error as Error).message ?? String(error)}`);
  process.exit(1);
});
