/**
 * `mcp-gateway import <server.json>...`: imports servers described by server.json documents (as the MCP
 * registry publishes them) into a running gateway, through its management API (`POST /v1/servers/import`).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isLoopbackHost } from '../core/url-guard.js';

const isLoopbackUrl = (url: string): boolean => {
  try {
    return isLoopbackHost(new URL(url).hostname);
  } catch {
    return false;
  }
};

export const IMPORT_HELP = `Usage: mcp-gateway import <server.json>... [options]

Imports each server.json document into a running gateway: its first remote (streamable-http, else sse)
becomes a server, created, or updated when imported before. Entries with only local packages cannot be
imported. The admin key comes from MCP_GATEWAY_ADMIN_KEY, else (for a gateway on this machine) from the
admin-key file it wrote in its data folder on first start.

Options:
      --gateway <url>       the gateway's base URL: https, or http to this machine (env MCP_GATEWAY_URL,
                            default http://127.0.0.1:8787)
      --workspace <name>    the workspace to import into (default: the caller's own; \`default\` for the admin key)
      --data-dir <path>     the local gateway's data folder holding admin-key (env MCP_GATEWAY_DATA_DIR,
                            default .mcp-gateway)
  -h, --help                show this help
`;

/** Runs the command; answers the exit code (0: all imported, 1: some failed, 2: usage). */
export async function runImport(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    process.stderr.write(`mcp-gateway import: ${(error as Error).message}\n\n${IMPORT_HELP}`);
    return 2;
  }
  if (parsed.values.help === true) {
    process.stdout.write(IMPORT_HELP);
    return 0;
  }
  const files = parsed.positionals;
  const dataDir = parsed.values['data-dir'] || env.MCP_GATEWAY_DATA_DIR || '.mcp-gateway';
  // an empty setting is no setting (as for the gateway's own options)
  const base = (parsed.values.gateway || env.MCP_GATEWAY_URL || 'http://127.0.0.1:8787').replace(/\/+$/, '');
  // the key a local gateway generated on first start, as the walkthrough reads it: for that gateway
  // only, never sent to another machine's
  const adminKey =
    env.MCP_GATEWAY_ADMIN_KEY ||
    (isLoopbackUrl(base)
      ? await readFile(join(dataDir, 'admin-key'), 'utf8').then(
          (text) => text.trim(),
          () => undefined,
        )
      : undefined);
  // the admin key crosses no network in clear text: https, or plain http to this machine
  if (!base.toLowerCase().startsWith('https://') && !isLoopbackUrl(base)) {
    process.stderr.write(
      `mcp-gateway import: --gateway ${base} is neither https nor this machine: the admin key is not sent over plain http\n`,
    );
    return 2;
  }
  if (files.length === 0 || adminKey === undefined || adminKey === '') {
    process.stderr.write(
      `mcp-gateway import: ${files.length === 0 ? 'name at least one server.json file' : `set MCP_GATEWAY_ADMIN_KEY (${join(dataDir, 'admin-key')} holds none)`}\n\n${IMPORT_HELP}`,
    );
    return 2;
  }
  // unnamed, the API's own choice: the caller's workspace (`default` for the admin key)
  const workspace = parsed.values.workspace;
  const query = workspace === undefined ? '' : `?workspace=${encodeURIComponent(workspace)}`;
  let failed = 0;
  for (const [index, file] of files.entries()) {
    process.stdout.write(`[${index + 1}/${files.length}] ${file}: `);
    try {
      const body = await readFile(file, 'utf8');
      const response = await fetch(`${base}/v1/servers/import${query}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(30_000),
      });
      const answer = (await response.json().catch(() => ({}))) as {
        action?: string;
        server?: { name?: string; enabled?: boolean };
        reason?: string;
        detail?: string;
        errors?: { pointer?: string; detail?: string }[];
      };
      if (!response.ok) {
        // each field's own error says what to change: /remotes/0/url must be a valid uri
        const fields = (answer.errors ?? []).map((e) => `${e.pointer ?? ''} ${e.detail ?? ''}`.trim());
        const detail = answer.detail ?? `HTTP ${response.status}`;
        throw new Error(fields.length > 0 ? `${detail} ${fields.join('; ')}` : detail);
      }
      // what the gateway says of it (a kept address, a header to set); else why it is disabled
      const note =
        answer.reason !== undefined
          ? ` (${answer.reason})`
          : answer.server?.enabled === false
            ? ' (disabled: it needs credentials)'
            : '';
      process.stdout.write(`${answer.action} server ${answer.server?.name}${note}\n`);
    } catch (error) {
      failed++;
      process.stdout.write(`failed: ${(error as Error).message}\n`);
    }
  }
  return failed === 0 ? 0 : 1;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      gateway: { type: 'string' },
      workspace: { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: true,
  });
}
