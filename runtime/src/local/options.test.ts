import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HELP, onAws, parseCliOptions, UsageError } from './options.js';
import { defaultTimeouts } from './server.js';

const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseCliOptions(argv, env);

describe('parseCliOptions', () => {
  it('defaults to the embedded store in .mcp-gateway on 127.0.0.1:8787', () => {
    expect(parse([])).toEqual({
      port: 8787,
      host: '127.0.0.1',
      store: { kind: 'embedded', dataDir: resolve('.mcp-gateway'), port: 0 },
      timeouts: defaultTimeouts,
      trustedProxies: 0,
      functions: {},
      shutdownGraceMs: 10_000,
      shutdownDelayMs: 0,
    });
  });

  it('serves Lambda functions given as name=module, refusing anything else', () => {
    const options = parse(['--lambda', 'tools=./fn.mjs', '--lambda', 'other=/srv/other.mjs']);
    expect(options !== 'help' && options.functions).toEqual({
      tools: resolve('fn.mjs'),
      other: '/srv/other.mjs',
    });
    expect(() => parse(['--lambda', 'no-module'])).toThrow(/--lambda "no-module"/);
    expect(() => parse(['--lambda', 'bad name=x.mjs'])).toThrow(/<function name>=<path/);
    expect(() => parse(['--lambda', 'tools=a.mjs', '--lambda', 'tools=b.mjs'])).toThrow(
      /names the function "tools" twice/,
    );
  });

  it('answers help without validating anything else', () => {
    expect(parse(['--help', '--port', 'x'])).toBe('help');
    expect(parse(['-h'], { MCP_GATEWAY_TABLE: '!' })).toBe('help');
  });

  it('takes flags over their environment variables', () => {
    const options = parse(['--port', '0', '--store-port', '4567', '--memory'], {
      PORT: '9000',
      HOST: '0.0.0.0',
      MCP_GATEWAY_STORE_PORT: '1234',
    });
    expect(options).toMatchObject({ port: 0, host: '0.0.0.0', store: { kind: 'embedded', port: 4567 } });
    expect(options !== 'help' && options.store).not.toHaveProperty('dataDir');
  });

  it('lets the store take the gateway’s port number on loopback when the gateway listens elsewhere', () => {
    const options = parse(['--host', '10.0.0.5', '--port', '8000', '--store-port', '8000', '--memory']);
    expect(options).toMatchObject({ host: '10.0.0.5', port: 8000, store: { port: 8000 } });
  });

  it('service mode on an endpoint: the table defaults to mcp-gateway', () => {
    expect(parse(['--dynamodb-endpoint', 'http://127.0.0.1:4567'])).toMatchObject({
      store: { kind: 'table', tableName: 'mcp-gateway', endpoint: 'http://127.0.0.1:4567' },
    });
    expect(
      parse([], { MCP_GATEWAY_DYNAMODB_ENDPOINT: 'https://dynamo.local', MCP_GATEWAY_TABLE: 'shared' }),
    ).toMatchObject({ store: { kind: 'table', tableName: 'shared', endpoint: 'https://dynamo.local' } });
  });

  it('takes an embedded store asked for by flag over a table the environment names', () => {
    const env = { MCP_GATEWAY_TABLE: 'gateway-prod', MCP_GATEWAY_DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000' };
    expect(parse(['--memory'], env)).toMatchObject({ store: { kind: 'embedded' } });
    expect(parse(['-d', 'elsewhere'], env)).toMatchObject({ store: { kind: 'embedded' } });
    expect(parse([], env)).toMatchObject({ store: { kind: 'table', tableName: 'gateway-prod' } });
    // flags that contradict each other stay an error
    expect(() => parse(['--memory', '--table', 'gateway-prod'])).toThrow('--memory applies to the embedded');
    expect(() => parse(['--memory', '--data-dir', 'x'])).toThrow('cannot be combined with --data-dir');
  });

  it('service mode with only a table, or at an AWS endpoint, is AWS DynamoDB', () => {
    const options = parse(['--table', 'gateway-prod']);
    expect(options).toMatchObject({ store: { kind: 'table', tableName: 'gateway-prod' } });
    expect(options !== 'help' && options.store).not.toHaveProperty('endpoint');
    const store = (args: string[]) => {
      const parsed = parse(args);
      if (parsed === 'help') throw new Error('no options');
      return parsed.store;
    };
    expect(onAws(store(['--table', 'gateway-prod']))).toBe(true);
    // a VPC endpoint: the deployment's table, never created here nor given an admin key minted here
    const vpce = 'https://vpce-0a1b.dynamodb.eu-west-1.vpce.amazonaws.com';
    expect(onAws(store(['--table', 'gateway-prod', '--dynamodb-endpoint', vpce]))).toBe(true);
    // plain http, which DynamoDB answers too, is AWS all the same
    const plain = 'http://dynamodb.eu-west-1.amazonaws.com';
    expect(onAws(store(['--table', 'gateway-prod', '--dynamodb-endpoint', plain]))).toBe(true);
    // an emulator (over https too), or another gateway's embedded store
    expect(onAws(store(['--dynamodb-endpoint', 'http://127.0.0.1:8000']))).toBe(false);
    expect(onAws(store(['--dynamodb-endpoint', 'https://localhost.localstack.cloud:4566']))).toBe(false);
    expect(onAws(store(['--memory']))).toBe(false);
  });

  it('counts the proxies in front of the gateway, flag over environment', () => {
    expect(parse([], { MCP_GATEWAY_TRUSTED_PROXIES: '2' })).toMatchObject({ trustedProxies: 2 });
    expect(parse(['--trusted-proxies', '1'], { MCP_GATEWAY_TRUSTED_PROXIES: '2' })).toMatchObject({
      trustedProxies: 1,
    });
    expect(() => parse(['--trusted-proxies', 'all'])).toThrow('invalid --trusted-proxies "all"');
    expect(() => parse([], { MCP_GATEWAY_TRUSTED_PROXIES: '-1' })).toThrow('an integer from 0 to 16');
  });

  it('reads the server timeouts from the environment', () => {
    expect(
      parse([], {
        MCP_GATEWAY_HEADERS_TIMEOUT_MS: '2000',
        MCP_GATEWAY_REQUEST_TIMEOUT_MS: '60000',
        MCP_GATEWAY_IDLE_TIMEOUT_MS: '15000',
        MCP_GATEWAY_KEEP_ALIVE_TIMEOUT_MS: '90000',
      }),
    ).toMatchObject({ timeouts: { headersMs: 2000, requestMs: 60000, idleMs: 15000, keepAliveMs: 90000 } });
  });

  it("names Kubernetes' service link when it fills MCP_GATEWAY_STORE_PORT", () => {
    for (const env of [{}, { MCP_GATEWAY_TABLE: 'mcp-gateway' }])
      expect(() => parse([], { ...env, MCP_GATEWAY_STORE_PORT: 'tcp://10.96.0.12:8000' })).toThrow(
        'MCP_GATEWAY_STORE_PORT is "tcp://10.96.0.12:8000": Kubernetes\' variable for a Service named mcp-gateway-store, not a port; rename the Service, or set enableServiceLinks: false on the pod',
      );
  });

  it('reads the shutdown grace from the environment', () => {
    expect(parse([], { MCP_GATEWAY_SHUTDOWN_GRACE_MS: '25000' })).toMatchObject({ shutdownGraceMs: 25_000 });
  });

  it('reads the shutdown delay from the environment: none by default, 0 allowed', () => {
    expect(parse([], {})).toMatchObject({ shutdownDelayMs: 0 });
    expect(parse([], { MCP_GATEWAY_SHUTDOWN_DELAY_MS: '0' })).toMatchObject({ shutdownDelayMs: 0 });
    expect(parse([], { MCP_GATEWAY_SHUTDOWN_DELAY_MS: '5000' })).toMatchObject({ shutdownDelayMs: 5000 });
    expect(() => parse([], { MCP_GATEWAY_SHUTDOWN_DELAY_MS: '-5' })).toThrow(
      'invalid MCP_GATEWAY_SHUTDOWN_DELAY_MS "-5": a whole number of milliseconds from 0 to 2147483647',
    );
  });

  it.each([
    [['--port', 'eighty'], {}, 'invalid port "eighty": an integer from 0 to 65535'],
    [['--port', '70000'], {}, 'invalid port "70000"'],
    [[], { PORT: '-1' }, 'invalid port "-1"'],
    // numbers to JavaScript, but no one means them as a port
    [['--port', '0x1F90'], {}, 'invalid port "0x1F90"'],
    [['--port', '1e3'], {}, 'invalid port "1e3"'],
    [[], { PORT: '-0' }, 'invalid port "-0"'],
    [['--port', ' 8080 '], {}, 'invalid port " 8080 "'],
    [['--trusted-proxies', '0b11'], {}, 'invalid --trusted-proxies "0b11"'],
    [['--store-port', '65536'], {}, 'invalid --store-port "65536"'],
    [['--dynamodb-endpoint', 'localhost:8000'], {}, 'invalid --dynamodb-endpoint "localhost:8000"'],
    [['--dynamodb-endpoint', 'ftp://127.0.0.1'], {}, 'only http and https URLs are supported'],
    [['--table', 'x'], {}, 'invalid --table "x": 3 to 255 letters'],
    [['--table', 'shared', '--memory'], {}, '--memory applies to the embedded store'],
    [
      ['--dynamodb-endpoint', 'http://127.0.0.1:1'],
      { MCP_GATEWAY_DATA_DIR: '/tmp/x' },
      '--data-dir (MCP_GATEWAY_DATA_DIR) applies to the embedded store',
    ],
    [
      ['--table', 'shared', '--store-port', '4567'],
      {},
      '--store-port (MCP_GATEWAY_STORE_PORT) applies to the embedded store; it cannot be combined with --table or --dynamodb-endpoint',
    ],
    [[], { MCP_GATEWAY_IDLE_TIMEOUT_MS: '0' }, 'invalid MCP_GATEWAY_IDLE_TIMEOUT_MS "0"'],
    [[], { MCP_GATEWAY_SHUTDOWN_GRACE_MS: '10s' }, 'invalid MCP_GATEWAY_SHUTDOWN_GRACE_MS "10s"'],
    [[], { MCP_GATEWAY_REQUEST_TIMEOUT_MS: '1.5' }, 'invalid MCP_GATEWAY_REQUEST_TIMEOUT_MS "1.5"'],
    // a timer longer than Node keeps fires at once; `1e10` is a number, not a duration anyone writes
    [[], { MCP_GATEWAY_SHUTDOWN_GRACE_MS: '3000000000' }, 'from 1 to 2147423647'],
    [[], { MCP_GATEWAY_IDLE_TIMEOUT_MS: '1e10' }, 'invalid MCP_GATEWAY_IDLE_TIMEOUT_MS "1e10"'],
    [
      [],
      { MCP_GATEWAY_HEADERS_TIMEOUT_MS: '40000' },
      'MCP_GATEWAY_HEADERS_TIMEOUT_MS (40000) must not exceed MCP_GATEWAY_REQUEST_TIMEOUT_MS (30000)',
    ],
    [['--no-such-flag'], {}, "Unknown option '--no-such-flag'"],
    // an unset variable given as a flag's value: not the current folder, not every interface
    [['--data-dir', ''], {}, '--data-dir needs a value; it was given an empty one'],
    [['--host='], {}, '--host needs a value'],
    [['--lambda', 'a=x.mjs', '--lambda', ''], {}, '--lambda needs a value'],
    // the store would take the port first, and the gateway fail as if another program held it
    [['--store-port', '8787'], {}, "--store-port 8787 is the gateway's own port"],
    [['--port', '9000'], { MCP_GATEWAY_STORE_PORT: '9000' }, "--store-port 9000 is the gateway's own port"],
    [
      ['--host', '0.0.0.0', '--port', '9000', '--store-port', '9000'],
      {},
      "--store-port 9000 is the gateway's own port",
    ],
  ] as Array<[string[], NodeJS.ProcessEnv, string]>)('rejects %j %j', (argv, env, message) => {
    expect(() => parse(argv, env)).toThrow(UsageError);
    expect(() => parse(argv, env)).toThrow(message);
  });

  it('documents every flag and environment variable it reads', () => {
    for (const name of [
      '--port',
      '--host',
      '--data-dir',
      '--memory',
      '--store-port',
      '--table',
      '--dynamodb-endpoint',
      'MCP_GATEWAY_STORE_PORT',
      'MCP_GATEWAY_TABLE',
      'MCP_GATEWAY_DYNAMODB_ENDPOINT',
      'MCP_GATEWAY_HEADERS_TIMEOUT_MS',
      'MCP_GATEWAY_REQUEST_TIMEOUT_MS',
      'MCP_GATEWAY_IDLE_TIMEOUT_MS',
      'MCP_GATEWAY_SHUTDOWN_GRACE_MS',
      'MCP_GATEWAY_SHUTDOWN_DELAY_MS',
    ]) {
      expect(HELP).toContain(name);
    }
  });
});
