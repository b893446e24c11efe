import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { deferredPropProblem, environmentProblem, McpGatewayPropsError } from '../shared/props.js';
import { fakeCode } from '../testing/fake-code.js';

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

const registered: Registered[] = [];
const calls: string[] = [];

/** Unwraps Pulumi secrets as mocks see them. */
function plain(value: unknown): unknown {
  if (
    value &&
    typeof value === 'object' &&
    'value' in value &&
    Object.keys(value).some((k) => k.length === 32)
  ) {
    return (value as { value: unknown }).value;
  }
  return value;
}

const value = <T>(output: pulumi.Output<T>): Promise<T> =>
  new Promise((resolve) => {
    output.apply((v) => {
      resolve(v);
      return v;
    });
  });

const flush = async (): Promise<void> => {
  for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
};

type Module = typeof import('./mcp-gateway.js');
let McpGateway: Module['McpGateway'];

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs as Record<string, unknown> });
        const inputs = args.inputs as Record<string, unknown>;
        const physical = (inputs.name as string | undefined) ?? args.name;
        const state: Record<string, unknown> = { ...inputs, arn: `arn:aws:mock:${args.type}:${physical}` };
        switch (args.type) {
          case 'aws:lambda/function:Function':
            state.arn = `arn:aws:lambda:eu-west-1:123456789012:function:${physical}`;
            break;
          case 'aws:dynamodb/table:Table':
            state.arn = `arn:aws:dynamodb:eu-west-1:123456789012:table/${physical}`;
            break;
          case 'aws:apigateway/restApi:RestApi':
            state.executionArn = 'arn:aws:execute-api:eu-west-1:123456789012:abc123';
            break;
          case 'aws:apigateway/stage:Stage':
            state.invokeUrl = `https://abc123.execute-api.eu-west-1.amazonaws.com/${inputs.stageName as string}`;
            break;
          case 'aws:apigateway/domainName:DomainName':
            state.regionalDomainName = 'd-xyz.execute-api.eu-west-1.amazonaws.com';
            break;
        }
        return { id: `${args.name}-id`, state };
      },
      call(args) {
        calls.push(args.token);
        if (args.token === 'aws:secretsmanager/getRandomPassword:getRandomPassword') {
          return { randomPassword: 'generated-password-0123456789abcdefghij' };
        }
        if (args.token === 'aws:secretsmanager/getSecretVersion:getSecretVersion') {
          return { secretString: 'admin-key-from-secrets-manager' };
        }
        return args.inputs as Record<string, unknown>;
      },
    },
    'mcp-gateway-test',
    'test',
    false,
  );
  ({ McpGateway } = await import('./mcp-gateway.js'));
});

const ofType = (prefix: string, type: string): Registered[] =>
  registered.filter((r) => r.name.startsWith(`${prefix}-`) && r.type === type);
const only = (prefix: string, type: string): Registered => {
  const found = ofType(prefix, type);
  expect(found, type).toHaveLength(1);
  return found[0]!;
};

describe('McpGateway (Pulumi)', () => {
  const code = fakeCode();

  it('declares the table, functions, IAM, API, schedule, secret and log groups', async () => {
    const gateway = new McpGateway('default', { code });
    const gatewayUrl = await value(gateway.gatewayUrl);
    await value(gateway.stage.urn);
    await flush();

    expect(gatewayUrl).toBe('https://abc123.execute-api.eu-west-1.amazonaws.com/prod/mcp');
    expect(await value(gateway.managementUrl)).toBe(
      'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/v1',
    );
    expect(await value(gateway.tableName)).toBe('mcp-gateway');

    expect(only('default', 'aws:dynamodb/table:Table').inputs).toMatchObject({
      name: 'mcp-gateway',
      billingMode: 'PAY_PER_REQUEST',
      hashKey: 'pk',
      rangeKey: 'sk',
      ttl: { attributeName: 'expiresAt', enabled: true },
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true },
      deletionProtectionEnabled: true,
      globalSecondaryIndexes: [
        { name: 'gsi1', hashKey: 'gsi1pk', rangeKey: 'gsi1sk', projectionType: 'ALL' },
      ],
    });

    const functions = ofType('default', 'aws:lambda/function:Function');
    expect(functions.map((f) => f.inputs.name).sort()).toEqual([
      'mcp-gateway-gateway',
      'mcp-gateway-health',
      'mcp-gateway-management',
    ]);
    for (const fn of functions) {
      expect(fn.inputs).toMatchObject({
        runtime: 'nodejs22.x',
        handler: 'index.handler',
        architectures: ['arm64'],
      });
      const variables = (fn.inputs.environment as { variables: Record<string, string> }).variables;
      expect(variables.MCP_GATEWAY_TABLE).toBe('mcp-gateway');
      // each function seals or opens write-only configuration with the stack's KMS key
      expect(variables.MCP_GATEWAY_VAULT_KMS_KEY).toBeDefined();
      expect(variables.NODE_OPTIONS).toBeUndefined();
      const isManagement = fn.inputs.name === 'mcp-gateway-management';
      expect(variables.MCP_GATEWAY_ADMIN_KEY_SECRET_ARN).toBe(
        isManagement ? 'arn:aws:mock:aws:secretsmanager/secret:Secret:mcp-gateway/admin-key' : undefined,
      );
    }

    const tableArn = 'arn:aws:dynamodb:eu-west-1:123456789012:table/mcp-gateway';
    // Exactly what each code path calls (see shared/access.ts), nothing more.
    const exactActions: Record<string, string[]> = {
      gateway: [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:DeleteItem',
        'dynamodb:UpdateItem',
        'dynamodb:Query',
        'kms:GenerateDataKey',
        'kms:Decrypt',
      ],
      management: [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:DeleteItem',
        'dynamodb:UpdateItem',
        'dynamodb:Query',
        'secretsmanager:GetSecretValue',
        'kms:GenerateDataKey',
        'kms:Decrypt',
      ],
      health: [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:DeleteItem',
        'dynamodb:UpdateItem',
        'dynamodb:Query',
        'kms:GenerateDataKey',
        'kms:Decrypt',
      ],
    };
    const policies = ofType('default', 'aws:iam/rolePolicy:RolePolicy');
    expect(policies).toHaveLength(3);
    for (const policy of policies) {
      const document = JSON.parse(plain(policy.inputs.policy) as string) as {
        Statement: { Action: string[]; Resource: string[] }[];
      };
      for (const statement of document.Statement) {
        for (const action of statement.Action) expect(action).not.toContain('*');
        if (statement.Action.some((a) => a.startsWith('dynamodb:'))) {
          expect(statement.Resource).toContain(tableArn);
          for (const resource of statement.Resource) expect(resource.startsWith(tableArn)).toBe(true);
        }
      }
      const actions = document.Statement.flatMap((s) => s.Action);
      expect(actions).not.toContain('dynamodb:Scan');
      const kind = String(policy.inputs.name)
        .replace(/^mcp-gateway-/, '')
        .replace(/-access$/, '');
      expect(actions.filter((a) => !a.startsWith('logs:'))).toEqual(exactActions[kind]);
      expect(actions.includes('secretsmanager:GetSecretValue')).toBe(
        policy.inputs.name === 'mcp-gateway-management-access',
      );
    }

    const api = only('default', 'aws:apigateway/restApi:RestApi');
    const body = JSON.parse(api.inputs.body as string) as {
      paths: Record<string, Record<string, { 'x-amazon-apigateway-integration': Record<string, unknown> }>>;
    };
    expect(Object.keys(body.paths).sort()).toEqual(
      ['/.well-known/{proxy+}', '/healthz', '/mcp/{proxy+}', '/oauth/{proxy+}', '/v1/{proxy+}'].sort(),
    );
    const mcp =
      body.paths['/mcp/{proxy+}']!['x-amazon-apigateway-any-method']!['x-amazon-apigateway-integration'];
    expect(mcp).toMatchObject({
      type: 'aws_proxy',
      httpMethod: 'POST',
      responseTransferMode: 'STREAM',
      timeoutInMillis: 300_000,
      uri: 'arn:aws:apigateway:eu-west-1:lambda:path/2021-11-15/functions/arn:aws:lambda:eu-west-1:123456789012:function:mcp-gateway-gateway/response-streaming-invocations',
    });
    const v1 =
      body.paths['/v1/{proxy+}']!['x-amazon-apigateway-any-method']!['x-amazon-apigateway-integration'];
    expect(v1).toMatchObject({
      responseTransferMode: 'BUFFERED',
      uri: 'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:mcp-gateway-management/invocations',
    });
    const deployment = only('default', 'aws:apigateway/deployment:Deployment');
    expect((deployment.inputs.triggers as Record<string, string>).redeployment).toMatch(/^[0-9a-f]{64}$/);
    expect(only('default', 'aws:apigateway/stage:Stage').inputs).toMatchObject({ stageName: 'prod' });

    const permissions = ofType('default', 'aws:lambda/permission:Permission');
    expect(permissions.map((p) => p.inputs.principal).sort()).toEqual([
      'apigateway.amazonaws.com',
      'apigateway.amazonaws.com',
      'events.amazonaws.com',
    ]);
    expect(permissions.find((p) => p.name === 'default-gateway-api-permission')?.inputs.sourceArn).toBe(
      'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/*',
    );
    expect(only('default', 'aws:cloudwatch/eventRule:EventRule').inputs.scheduleExpression).toBe(
      'rate(1 minute)',
    );
    expect(only('default', 'aws:cloudwatch/eventTarget:EventTarget').inputs.arn).toBe(
      'arn:aws:lambda:eu-west-1:123456789012:function:mcp-gateway-health',
    );
    // a failed run is not retried on top of the next scheduled ones
    expect(
      only('default', 'aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig').inputs,
    ).toMatchObject({
      functionName: 'mcp-gateway-health',
      maximumRetryAttempts: 0,
      maximumEventAgeInSeconds: 60,
    });
    const logGroups = ofType('default', 'aws:cloudwatch/logGroup:LogGroup');
    expect(logGroups.map((g) => g.inputs.retentionInDays)).toEqual([30, 30, 30]);

    expect(only('default', 'aws:secretsmanager/secret:Secret').inputs).toMatchObject({
      name: 'mcp-gateway/admin-key',
      recoveryWindowInDays: 7,
    });
    expect(plain(only('default', 'aws:secretsmanager/secretVersion:SecretVersion').inputs.secretString)).toBe(
      'mcpgw_admin_generated-password-0123456789abcdefghij',
    );
    expect(calls).toContain('aws:secretsmanager/getRandomPassword:getRandomPassword');
    expect(ofType('default', 'aws:apigateway/domainName:DomainName')).toHaveLength(0);
  });

  it('caps what the stage takes when throttling is set', async () => {
    const gateway = new McpGateway('capped', {
      code,
      name: 'capped',
      throttling: { rateLimit: 200, burstLimit: 400 },
    });
    await value(gateway.stage.urn);
    await flush();
    expect(only('capped', 'aws:apigateway/methodSettings:MethodSettings').inputs).toMatchObject({
      stageName: 'prod',
      methodPath: '*/*',
      settings: { throttlingRateLimit: 200, throttlingBurstLimit: 400 },
    });
  });

  it('writes the stage access logs to a log group of their own when asked', async () => {
    const gateway = new McpGateway('logged', { code, name: 'logged', accessLogs: true });
    await value(gateway.stage.urn);
    await flush();
    const group = ofType('logged', 'aws:cloudwatch/logGroup:LogGroup').find(
      (r) => r.inputs['name'] === '/aws/apigateway/logged/access',
    );
    expect(group?.inputs).toMatchObject({ retentionInDays: 30 });
    const stage = only('logged', 'aws:apigateway/stage:Stage').inputs as {
      accessLogSettings: { format: string };
    };
    expect(JSON.parse(stage.accessLogSettings.format)).toMatchObject({ status: '$context.status' });
  });

  it('applies props: custom domain, admin key, sizing, no schedule', async () => {
    const gateway = new McpGateway('custom', {
      code,
      name: 'acme-mcp',
      stageName: 'live',
      logRetentionDays: 14,
      adminKey: 'k'.repeat(40),
      healthCheckEnabled: false,
      functions: { gateway: { memorySize: 2048, timeoutSeconds: 120 } },
      customDomain: {
        domainName: 'mcp.example.com',
        certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc-123',
      },
      sourceMaps: true,
    });
    expect(await value(gateway.gatewayUrl)).toBe('https://mcp.example.com/mcp');
    expect(await value(gateway.managementUrl)).toBe('https://mcp.example.com/v1');
    expect(await value(gateway.stageUrl)).toBe('https://abc123.execute-api.eu-west-1.amazonaws.com/live');
    expect(await value(gateway.domainTarget!)).toBe('d-xyz.execute-api.eu-west-1.amazonaws.com');
    await value(gateway.stage.urn);
    await flush();

    expect(only('custom', 'aws:apigateway/domainName:DomainName').inputs).toMatchObject({
      domainName: 'mcp.example.com',
      regionalCertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc-123',
      securityPolicy: 'TLS_1_2',
    });
    expect(only('custom', 'aws:apigateway/basePathMapping:BasePathMapping').inputs).toMatchObject({
      domainName: 'mcp.example.com',
      stageName: 'live',
    });
    expect(plain(only('custom', 'aws:secretsmanager/secretVersion:SecretVersion').inputs.secretString)).toBe(
      'k'.repeat(40),
    );
    expect(ofType('custom', 'aws:cloudwatch/eventRule:EventRule')).toHaveLength(0);
    expect(ofType('custom', 'aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig')).toHaveLength(
      0,
    );
    expect(ofType('custom', 'aws:apigateway/methodSettings:MethodSettings')).toHaveLength(0);
    const fn = ofType('custom', 'aws:lambda/function:Function').find(
      (f) => f.inputs.name === 'acme-mcp-gateway',
    );
    expect(fn?.inputs).toMatchObject({
      memorySize: 2048,
      timeout: 120,
      environment: { variables: { NODE_OPTIONS: '--enable-source-maps' } },
    });
    for (const group of ofType('custom', 'aws:cloudwatch/logGroup:LogGroup')) {
      expect(group.inputs.retentionInDays).toBe(14);
    }
    const body = JSON.parse(only('custom', 'aws:apigateway/restApi:RestApi').inputs.body as string) as {
      paths: Record<
        string,
        Record<string, { 'x-amazon-apigateway-integration': { timeoutInMillis: number } }>
      >;
    };
    expect(
      body.paths['/mcp/{proxy+}']!['x-amazon-apigateway-any-method']!['x-amazon-apigateway-integration']
        .timeoutInMillis,
    ).toBe(120_000);
  });

  it('grants lambda:InvokeFunction on exactly the functions of lambda servers, to the gateway and the health checker', async () => {
    new McpGateway('fns', {
      code,
      name: 'fns-mcp',
      lambdaFunctions: ['tools', 'reports:live', 'arn:aws:lambda:us-east-1:111122223333:function:shared'],
    });
    await flush();
    const invokes: Record<string, string[]> = {};
    for (const policy of ofType('fns', 'aws:iam/rolePolicy:RolePolicy')) {
      const document = JSON.parse(plain(policy.inputs.policy) as string) as {
        Statement: { Sid: string; Action: string[]; Resource: string[] }[];
      };
      const invoke = document.Statement.find((s) => s.Action.includes('lambda:InvokeFunction'));
      if (invoke !== undefined) invokes[String(policy.inputs.name)] = invoke.Resource;
    }
    const expected = [
      'arn:aws:lambda:eu-west-1:123456789012:function:tools',
      'arn:aws:lambda:eu-west-1:123456789012:function:reports:live',
      'arn:aws:lambda:us-east-1:111122223333:function:shared',
    ];
    expect(invokes).toEqual({ 'fns-mcp-gateway-access': expected, 'fns-mcp-health-access': expected });
  });

  it('takes Pulumi inputs where values come from elsewhere: a secret admin key, a certificate, functions, environment', async () => {
    const gateway = new McpGateway('inputs', {
      code,
      name: 'inputs-mcp',
      adminKey: pulumi.secret('s'.repeat(40)),
      customDomain: {
        domainName: pulumi.output('mcp.example.org'),
        certificateArn: Promise.resolve('arn:aws:acm:eu-west-1:123456789012:certificate/from-stack'),
        basePath: 'tools',
      },
      lambdaFunctions: [pulumi.output('reports'), 'tools'],
      environment: { MCP_GATEWAY_CONFIG_TTL_MS: pulumi.output('2000') },
    });
    expect(await value(gateway.gatewayUrl)).toBe('https://mcp.example.org/tools/mcp');
    await value(gateway.stage.urn);
    await flush();
    expect(only('inputs', 'aws:apigateway/domainName:DomainName').inputs).toMatchObject({
      domainName: 'mcp.example.org',
      regionalCertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/from-stack',
    });
    const version = only('inputs', 'aws:secretsmanager/secretVersion:SecretVersion').inputs.secretString;
    expect(plain(version)).toBe('s'.repeat(40));
    expect(version).not.toBe('s'.repeat(40)); // still a secret, so the state holds it encrypted
    const fn = ofType('inputs', 'aws:lambda/function:Function').find(
      (f) => f.inputs.name === 'inputs-mcp-gateway',
    );
    expect((fn!.inputs.environment as { variables: Record<string, unknown> }).variables).toMatchObject({
      MCP_GATEWAY_CONFIG_TTL_MS: '2000',
      MCP_GATEWAY_BASE_PATH: '/tools',
    });
    const policy = ofType('inputs', 'aws:iam/rolePolicy:RolePolicy').find(
      (p) => p.inputs.name === 'inputs-mcp-gateway-access',
    );
    const document = JSON.parse(plain(policy?.inputs.policy) as string) as {
      Statement: { Action: string[]; Resource: string[] }[];
    };
    expect(document.Statement.find((s) => s.Action.includes('lambda:InvokeFunction'))?.Resource).toEqual([
      'arn:aws:lambda:eu-west-1:123456789012:function:reports',
      'arn:aws:lambda:eu-west-1:123456789012:function:tools',
    ]);
  });

  it('checks an input like a literal once it resolves', () => {
    expect(deferredPropProblem('adminKey', 'short')).toMatch(/at least 32 characters/);
    expect(deferredPropProblem('adminKey', 'short')).not.toContain('short');
    expect(deferredPropProblem('customDomain.certificateArn', 'arn:aws:iam::1:role/x')).toMatch(
      /must be an ACM certificate ARN/,
    );
    expect(deferredPropProblem('customDomain.domainName', 'MCP.Example.com')).toMatch(/lowercase DNS name/);
    expect(deferredPropProblem('lambdaFunctions', 'no spaces')).toMatch(/not a Lambda function name/);
    expect(deferredPropProblem('lambdaFunctions', 'tools:live')).toBeUndefined();
    expect(environmentProblem({ MCP_GATEWAY_CONFIG_TTL_MS: 'soon' })).toMatch(/^environment: /);
    expect(environmentProblem({ MCP_GATEWAY_CONFIG_TTL_MS: '2000' })).toBeUndefined();
  });

  it('rejects invalid props with the same errors as the CDKTF construct', () => {
    expect(() => new McpGateway('bad', { code, logRetentionDays: 42 })).toThrow(McpGatewayPropsError);
    expect(
      () => new McpGateway('bad2', { code, customDomain: { domainName: 'mcp.example.com' } as never }),
    ).toThrow(/customDomain\.certificateArn is required/);
  });
});

describe('generated dynamic resources (Pulumi)', () => {
  it('pass write-only inputs as secrets and mark their outputs secret, so the state holds them encrypted', async () => {
    const { ApiKey, IdentityProvider, Server } = await import('./generated/mcpgateway.js');
    const connection = { endpoint: 'http://127.0.0.1:8787', apiKey: 'admin' };
    const secret = 'write-only-secret-0123456789abcdefghijkl';
    const key = new ApiKey('secret-check-key', { connection, name: 'k', user: 'u', secret });
    const server = new Server('secret-check-server', {
      connection,
      name: 's',
      url: 'http://127.0.0.1:3001/mcp',
      headers: { Authorization: 'Bearer upstream' },
    });
    new Server('secret-check-plain', {
      connection,
      name: 'p',
      url: 'http://127.0.0.1:3001/mcp',
    });
    // a block holding a write-only value is a secret as a whole
    const provider = new IdentityProvider('secret-check-idp', {
      connection,
      name: 'i',
      issuer: 'https://idp.test',
      login: { clientId: 'gw', clientSecret: 'idp-secret' },
    });
    expect(await pulumi.isSecret(key.secret)).toBe(true);
    expect(await pulumi.isSecret(server.headers)).toBe(true);
    expect(await pulumi.isSecret(provider.login)).toBe(true);
    expect(await pulumi.isSecret(key.name)).toBe(false);
    expect(await pulumi.isSecret(provider.issuer)).toBe(false);
    await flush();
    const inputs = (name: string) => registered.find((r) => r.name === name)!.inputs;
    expect(inputs('secret-check-key').secret).not.toBe(secret);
    expect(plain(inputs('secret-check-key').secret)).toBe(secret);
    expect(plain(inputs('secret-check-server').headers)).toEqual({ Authorization: 'Bearer upstream' });
    expect(inputs('secret-check-server').headers).not.toEqual({ Authorization: 'Bearer upstream' });
    expect(inputs('secret-check-plain').headers).toBeUndefined();
    // Keep the example's resource list below to its own resources.
    for (let i = registered.length - 1; i >= 0; i -= 1) {
      if (registered[i]!.name.startsWith('secret-check-')) registered.splice(i, 1);
    }
  });
});

describe('examples/pulumi', () => {
  it('declares the gateway from stack config and exports its URLs', async () => {
    const bundles = mkdtempSync(join(tmpdir(), 'pulumi-bundles-'));
    onTestFinished(() => rmSync(bundles, { recursive: true, force: true }));
    process.env.MCP_GATEWAY_BUNDLE_DIR = bundles;
    const ciSecret = 'ci-agent-secret-from-stack-config-0123456789';
    pulumi.runtime.setAllConfig(
      {
        'mcp-gateway-test:name': 'example-mcp',
        'mcp-gateway-test:logRetentionDays': '90',
        'mcp-gateway-test:ciApiKey': ciSecret,
      },
      ['mcp-gateway-test:ciApiKey'],
    );
    const program = (await import('../../../examples/pulumi/index.js')) as {
      gatewayUrl: pulumi.Output<string>;
      managementUrl: pulumi.Output<string>;
      tableName: pulumi.Output<string>;
      adminKeySecretArn: pulumi.Output<string>;
      vaultKmsKeyArn: pulumi.Output<string>;
      upstreamServerId: pulumi.Output<string>;
      ciApiKeyPrefix: pulumi.Output<string>;
    };
    expect(await value(program.gatewayUrl)).toBe(
      'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/mcp',
    );
    expect(await value(program.managementUrl)).toBe(
      'https://abc123.execute-api.eu-west-1.amazonaws.com/prod/v1',
    );
    expect(await value(program.tableName)).toBe('example-mcp');
    expect(await value(program.adminKeySecretArn)).toContain('example-mcp/admin-key');
    expect(await value(program.vaultKmsKeyArn)).toBe('arn:aws:mock:aws:kms/key:Key:mcp-vault-key');
    await flush();
    const functions = ofType('mcp', 'aws:lambda/function:Function');
    expect(functions.map((f) => f.inputs.name).sort()).toEqual([
      'example-mcp-gateway',
      'example-mcp-health',
      'example-mcp-management',
    ]);
    for (const group of ofType('mcp', 'aws:cloudwatch/logGroup:LogGroup')) {
      expect(group.inputs.retentionInDays).toBe(90);
    }

    // The config resources are dynamic resources calling the deployed management API.
    await value(program.upstreamServerId);
    await flush();
    const dynamic = registered.filter((r) => r.type.startsWith('pulumi-nodejs:dynamic'));
    expect(dynamic.map((r) => `${r.type} ${r.name}`).sort()).toEqual([
      'pulumi-nodejs:dynamic/mcpgateway:ApiKey ci',
      'pulumi-nodejs:dynamic/mcpgateway:Server upstream',
      'pulumi-nodejs:dynamic/mcpgateway:Workspace platform',
    ]);
    const server = dynamic.find((r) => r.name === 'upstream')!;
    expect(server.inputs).toMatchObject({ name: 'upstream', workspace: 'platform', timeoutMs: 30000 });
    expect(plain(server.inputs.connection)).toEqual({
      endpoint: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod',
      apiKey: 'admin-key-from-secrets-manager',
    });
    expect(typeof server.inputs.__provider).toBe('string');

    // The API key's secret (write-only) reaches the engine as a secret, never as a plain value.
    const key = dynamic.find((r) => r.name === 'ci')!;
    expect(key.inputs.secret).not.toBe(ciSecret);
    expect(plain(key.inputs.secret)).toBe(ciSecret);
    expect(key.inputs).not.toHaveProperty('key');
    expect(JSON.stringify(key.inputs.__provider)).not.toContain(ciSecret);
  }, 120_000);
});
