import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { describe, expect, it, onTestFinished } from 'vitest';
import { terraformForTests } from '../../../test/provider/terraform-cli.js';
import { repoRoot } from '../bundling/bundle.js';
import {
  derivedEnvironment,
  lambdaFunctionPattern,
  type McpGatewayProps,
  McpGatewayPropsError,
  resolveProps,
} from '../shared/props.js';
import { fakeCode } from '../testing/fake-code.js';
import { McpGateway } from './mcp-gateway.js';

type Block = Record<string, unknown>;
interface Synthesized {
  resource: Record<string, Record<string, Block>>;
  data: Record<string, Record<string, Block>>;
  output: Record<string, { value: string; sensitive?: boolean }>;
}

const code = fakeCode();
const terraform = terraformForTests('the CDKTF construct’s Terraform-side checks');

function synth(props: McpGatewayProps = {}): Synthesized {
  const json = Testing.synthScope((scope) => {
    new AwsProvider(scope, 'aws', { region: 'eu-west-1' });
    new McpGateway(scope, 'mcp', { code, ...props });
  });
  return JSON.parse(json) as Synthesized;
}

/** The one block of `type` whose logical id contains `part`. */
function one(blocks: Record<string, Block> | undefined, part: string): Block {
  const matches = Object.entries(blocks ?? {}).filter(([key]) => key.includes(part));
  expect(matches.map(([key]) => key)).toHaveLength(1);
  return matches[0]![1];
}

const ref = (type: string, part: string, attribute: string, stack: Synthesized): string => {
  const key = Object.keys(stack.resource[type] ?? {}).find((k) => k.includes(part));
  expect(key, `${type} ${part}`).toBeDefined();
  return `\${${type}.${key}.${attribute}}`;
};

describe('McpGateway (CDKTF)', () => {
  const stack = synth();

  it('creates the table: on demand, pk/sk, gsi1, TTL on expiresAt, PITR, encryption', () => {
    const table = one(stack.resource.aws_dynamodb_table, 'table');
    expect(table).toMatchObject({
      name: 'mcp-gateway',
      billing_mode: 'PAY_PER_REQUEST',
      hash_key: 'pk',
      range_key: 'sk',
      ttl: { attribute_name: 'expiresAt', enabled: true },
      point_in_time_recovery: { enabled: true },
      server_side_encryption: { enabled: true },
      deletion_protection_enabled: true,
      global_secondary_index: [
        { name: 'gsi1', hash_key: 'gsi1pk', range_key: 'gsi1sk', projection_type: 'ALL' },
      ],
    });
    expect(table.attribute).toEqual(['pk', 'sk', 'gsi1pk', 'gsi1sk'].map((name) => ({ name, type: 'S' })));
  });

  it('deploys three nodejs22.x functions from zip assets with their environment', () => {
    const functions = stack.resource.aws_lambda_function!;
    expect(Object.keys(functions)).toHaveLength(3);
    const tableName = ref('aws_dynamodb_table', 'table', 'name', stack);
    const secretArn = ref('aws_secretsmanager_secret', 'admin-key', 'arn', stack);
    for (const kind of ['gateway', 'management', 'health']) {
      const fn = one(functions, `mcp_${kind}_`);
      expect(fn).toMatchObject({
        function_name: `mcp-gateway-${kind}`,
        runtime: 'nodejs22.x',
        handler: 'index.handler',
        architectures: ['arm64'],
        logging_config: { log_format: 'JSON' },
      });
      expect(fn.filename).toMatch(/^assets\/.+\/archive\.zip$/);
      const variables = (fn.environment as { variables: Record<string, string> }).variables;
      expect(variables.MCP_GATEWAY_TABLE).toBe(tableName);
      // each function seals or opens write-only configuration with the stack's KMS key
      expect(variables.MCP_GATEWAY_VAULT_KMS_KEY).toBe(ref('aws_kms_key', 'vault-key', 'arn', stack));
      // source maps cost each cold start their parsing: only on request (`sourceMaps`)
      expect(variables.NODE_OPTIONS).toBeUndefined();
      expect(variables.MCP_GATEWAY_ADMIN_KEY_SECRET_ARN).toBe(kind === 'management' ? secretArn : undefined);
    }
    expect(one(functions, 'mcp_gateway_')).toMatchObject({ memory_size: 1024, timeout: 300 });
  });

  it('grants each function only the table actions it needs, never a wildcard action', () => {
    const tableArn = ref('aws_dynamodb_table', 'table', 'arn', stack);
    const documents = stack.data.aws_iam_policy_document!;
    const actionsOf = (kind: string): string[] => {
      const statements = one(documents, `${kind}-policy-document`).statement as Block[];
      for (const statement of statements) {
        for (const action of statement.actions as string[]) expect(action).not.toContain('*');
        const resources = statement.resources as string[];
        if ((statement.actions as string[]).some((a) => a.startsWith('dynamodb:'))) {
          for (const resource of resources) expect(resource.startsWith(tableArn)).toBe(true);
          expect(resources).toContain(tableArn);
        }
      }
      return statements.flatMap((s) => s.actions as string[]);
    };
    const logs = ['logs:CreateLogStream', 'logs:PutLogEvents'];
    // Exactly what each code path calls (see shared/access.ts), nothing more.
    expect(actionsOf('gateway')).toEqual([
      ...logs,
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:DeleteItem',
      'dynamodb:UpdateItem',
      'dynamodb:Query',
      'kms:GenerateDataKey',
      'kms:Decrypt',
    ]);
    // data keys come from the stack's own KMS key only: the vault's tokens, and write-only configuration
    // sealed by the management API and opened by all three functions
    for (const kind of ['gateway', 'management', 'health']) {
      const statements = one(documents, `${kind}-policy-document`).statement as Block[];
      expect(statements.find((st) => (st.actions as string[]).includes('kms:Decrypt'))!.resources).toEqual([
        ref('aws_kms_key', 'vault-key', 'arn', stack),
      ]);
    }
    expect(actionsOf('management')).toEqual([
      ...logs,
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:DeleteItem',
      'dynamodb:UpdateItem',
      'dynamodb:Query',
      'secretsmanager:GetSecretValue',
      'kms:GenerateDataKey',
      'kms:Decrypt',
    ]);
    expect(actionsOf('health')).toEqual([
      ...logs,
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:DeleteItem',
      'dynamodb:UpdateItem',
      'dynamodb:Query',
      'kms:GenerateDataKey',
      'kms:Decrypt',
    ]);
    for (const kind of ['gateway', 'management', 'health']) {
      const statements = one(documents, `${kind}-policy-document`).statement as Block[];
      const query = statements.find((s) => (s.actions as string[]).includes('dynamodb:Query'));
      // No code queries the secondary index, so Query is granted on the table alone.
      if (query !== undefined) expect(query.resources).toEqual([tableArn]);
    }

    const managementStatements = one(documents, 'management-policy-document').statement as Block[];
    const secretStatement = managementStatements.find((s) => s.sid === 'ReadAdminKey');
    expect(secretStatement?.resources).toEqual([ref('aws_secretsmanager_secret', 'admin-key', 'arn', stack)]);
    // Each role gets its own inline policy from its own document.
    expect(Object.keys(stack.resource.aws_iam_role_policy!)).toHaveLength(3);
  });

  it('grants lambda:InvokeFunction on exactly the functions of lambda servers, to the gateway and the health checker', () => {
    const invokes = (props: McpGatewayProps): Record<string, string[] | undefined> => {
      const documents = synth(props).data.aws_iam_policy_document!;
      return Object.fromEntries(
        ['gateway', 'management', 'health'].map((kind) => [
          kind,
          (one(documents, `${kind}-policy-document`).statement as Block[]).find((s) =>
            (s.actions as string[]).includes('lambda:InvokeFunction'),
          )?.resources as string[] | undefined,
        ]),
      );
    };
    // none declared: no statement at all (an empty resource list is no valid policy)
    expect(invokes({})).toEqual({ gateway: undefined, management: undefined, health: undefined });
    const granted = invokes({
      lambdaFunctions: ['tools', 'arn:aws:lambda:us-east-1:111122223333:function:shared:live'],
    });
    expect(granted.management).toBeUndefined();
    expect(granted.gateway).toEqual(granted.health);
    expect(granted.gateway).toHaveLength(2);
    expect(granted.gateway![0]).toMatch(
      /^arn:\$\{data\.aws_partition\..+\.partition\}:lambda:\$\{data\.aws_region\..+\.region\}:\$\{data\.aws_caller_identity\..+\.account_id\}:function:tools$/,
    );
    expect(granted.gateway![1]).toBe('arn:aws:lambda:us-east-1:111122223333:function:shared:live');
    expect(() => synth({ lambdaFunctions: ['not a function'] })).toThrow(/lambdaFunctions: "not a function"/);
  });

  it('takes references (a certificate, a function of the stack) where it takes names and ARNs', () => {
    const referenced = JSON.parse(
      Testing.synthScope((scope) => {
        new AwsProvider(scope, 'aws', { region: 'eu-west-1' });
        const certificate = new TerraformVariable(scope, 'certificate_arn', { type: 'string' });
        const domain = new TerraformVariable(scope, 'domain', { type: 'string' });
        const tool = new TerraformVariable(scope, 'tool_function_arn', { type: 'string' });
        new McpGateway(scope, 'mcp', {
          code,
          customDomain: { domainName: domain.stringValue, certificateArn: certificate.stringValue },
          lambdaFunctions: [tool.stringValue, 'reports'],
        });
      }),
    ) as Synthesized;
    expect(one(referenced.resource.aws_api_gateway_domain_name, 'domain')).toMatchObject({
      domain_name: `\${var.domain}`,
      regional_certificate_arn: `\${var.certificate_arn}`,
    });
    const policy = Object.values(referenced.data.aws_iam_policy_document ?? {})
      .flatMap(
        (document) => (document.statement as { sid?: string; resources?: string[] }[] | undefined) ?? [],
      )
      .find((statement) => statement.sid === 'InvokeMcpFunctions');
    // a reference is the function's ARN as it is, or made one (a function's name, `fn.functionName`),
    // once Terraform knows which; a name is made one in the stack's account and region
    expect(policy?.resources?.[0]).toMatch(
      /^\$\{startswith\(var\.tool_function_arn, "arn:"\) \? var\.tool_function_arn : "arn:\$\{data\.aws_partition\..+\.partition\}:lambda:\$\{data\.aws_region\..+\.region\}:\$\{data\.aws_caller_identity\..+\.account_id\}:function:\$\{var\.tool_function_arn\}"\}$/,
    );
    expect(policy?.resources?.[1]).toMatch(/:function:reports$/);
    // and checked then
    const access = one(referenced.resource.aws_iam_role_policy, 'gateway-policy');
    expect(access.lifecycle).toEqual({
      precondition: [
        {
          condition: expect.stringContaining('can(regex('),
          error_message: 'lambdaFunctions must hold Lambda function names or ARNs.',
        },
      ],
    });
  });

  it.runIf(terraform.available)(
    'Terraform checks a referenced function as the construct checks a literal one',
    () => {
      const synthesized = JSON.parse(
        Testing.synthScope((scope) => {
          new AwsProvider(scope, 'aws', { region: 'eu-west-1' });
          const tool = new TerraformVariable(scope, 'tool', { type: 'string' });
          new McpGateway(scope, 'mcp', { code, lambdaFunctions: [tool.stringValue] });
        }),
      ) as Synthesized;
      const access = one(synthesized.resource.aws_iam_role_policy, 'gateway-policy');
      const { condition } = (access.lifecycle as { precondition: { condition: string }[] }).precondition[0]!;
      const expression = /^\$\{(.*)\}$/.exec(condition)![1]!;
      const dir = mkdtempSync(join(tmpdir(), 'mcp-gateway-condition-'));
      onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
      writeFileSync(join(dir, 'variables.tf'), 'variable "tool" {\n  type = string\n}\n');
      writeFileSync(join(dir, 'cli.tfrc'), '');
      const samples = [
        'reports',
        'reports:live',
        'reports:$LATEST',
        'arn:aws:lambda:eu-west-1:111122223333:function:reports',
        'arn:aws-us-gov:lambda:us-gov-west-1:111122223333:function:reports:7',
        'not a function',
        'arn:aws:lambda:eu-west-1:1:function:reports',
        'r'.repeat(65),
        'reports:',
      ];
      for (const sample of samples) {
        const console = spawnSync('terraform', ['console', '-var', `tool=${sample}`], {
          cwd: dir,
          input: expression,
          encoding: 'utf8',
          env: { ...process.env, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: join(dir, 'cli.tfrc') },
        });
        expect(console.stderr).toBe('');
        expect({ sample, valid: console.stdout.trim() }).toEqual({
          sample,
          valid: String(lambdaFunctionPattern.test(sample)),
        });
      }
    },
  );

  it('routes /mcp/{proxy+} with response streaming and /v1/{proxy+} buffered', () => {
    const integrations = stack.resource.aws_api_gateway_integration!;
    const gatewayArn = ref('aws_lambda_function', 'mcp_gateway_', 'arn', stack);
    const managementArn = ref('aws_lambda_function', 'mcp_management_', 'arn', stack);
    for (const route of ['mcp-proxy', 'well-known-proxy', 'oauth-proxy', 'healthz']) {
      const integration = one(integrations, `integration-${route}_`);
      expect(integration).toMatchObject({
        type: 'AWS_PROXY',
        integration_http_method: 'POST',
        response_transfer_mode: 'STREAM',
        timeout_milliseconds: 300_000,
      });
      expect(integration.uri).toMatch(
        /^arn:\$\{data\.aws_partition\..+\.partition\}:apigateway:\$\{data\.aws_region\..+\.region\}:lambda:path\/2021-11-15\/functions\//,
      );
      expect(integration.uri).toContain(`/functions/${gatewayArn}/response-streaming-invocations`);
    }
    const v1 = one(integrations, 'integration-v1-proxy_');
    expect(v1).toMatchObject({ type: 'AWS_PROXY', response_transfer_mode: 'BUFFERED' });
    expect(v1.uri).toContain(`path/2015-03-31/functions/${managementArn}/invocations`);

    const pathParts = Object.values(stack.resource.aws_api_gateway_resource!).map((r) => r.path_part);
    expect(pathParts.sort()).toEqual(
      ['.well-known', 'healthz', 'mcp', 'oauth', 'v1', '{proxy+}', '{proxy+}', '{proxy+}', '{proxy+}'].sort(),
    );
    for (const method of Object.values(stack.resource.aws_api_gateway_method!)) {
      expect(method).toMatchObject({ http_method: 'ANY', authorization: 'NONE' });
    }
    expect(one(stack.resource.aws_api_gateway_stage, 'stage')).toMatchObject({ stage_name: 'prod' });
    const deployment = one(stack.resource.aws_api_gateway_deployment, 'deployment');
    expect(deployment.lifecycle).toEqual({ create_before_destroy: true });
    expect((deployment.triggers as Record<string, string>).redeployment).toMatch(/^\$\{sha1\(jsonencode\(/);
  });

  it('lets API Gateway and EventBridge invoke the functions, scoped to their source', () => {
    const permissions = stack.resource.aws_lambda_permission!;
    const api = one(permissions, 'gateway-api-permission');
    expect(api).toMatchObject({ principal: 'apigateway.amazonaws.com', action: 'lambda:InvokeFunction' });
    expect(api.source_arn).toBe(`${ref('aws_api_gateway_rest_api', 'api', 'execution_arn', stack)}/prod/*`);
    expect(one(permissions, 'health-schedule-permission')).toMatchObject({
      principal: 'events.amazonaws.com',
      source_arn: ref('aws_cloudwatch_event_rule', 'health-schedule', 'arn', stack),
    });
    expect(one(stack.resource.aws_cloudwatch_event_rule, 'health-schedule')).toMatchObject({
      schedule_expression: 'rate(1 minute)',
    });
    // the checker knows how often it runs: its verdicts hold three runs
    const health = one(stack.resource.aws_lambda_function, 'mcp_health_') as {
      environment: { variables: Record<string, string> };
    };
    expect(health.environment.variables['MCP_GATEWAY_HEALTH_EVERY_SECONDS']).toBe('60');
    expect(one(stack.resource.aws_cloudwatch_event_target, 'health-target').arn).toBe(
      ref('aws_lambda_function', 'mcp_health_', 'arn', stack),
    );
    // a failed run is not retried on top of the next scheduled ones
    expect(one(stack.resource.aws_lambda_function_event_invoke_config, 'health-invoke-config')).toMatchObject(
      {
        function_name: ref('aws_lambda_function', 'mcp_health_', 'function_name', stack),
        maximum_retry_attempts: 0,
        maximum_event_age_in_seconds: 60,
      },
    );
  });

  it('tells the health checker how often a rate schedule runs it; a cron schedule says nothing', () => {
    const cadence = (healthCheckSchedule: string) =>
      derivedEnvironment(resolveProps({ healthCheckSchedule }), 'health');
    expect(cadence('rate(5 minutes)')).toEqual({ MCP_GATEWAY_HEALTH_EVERY_SECONDS: '300' });
    expect(cadence('rate(2 hours)')).toEqual({ MCP_GATEWAY_HEALTH_EVERY_SECONDS: '7200' });
    expect(cadence('rate(1 day)')).toEqual({ MCP_GATEWAY_HEALTH_EVERY_SECONDS: '86400' });
    expect(cadence('cron(0/5 * * * ? *)')).toEqual({});
  });

  it('creates log groups with retention and the admin key secret with a generated value', () => {
    const groups = Object.values(stack.resource.aws_cloudwatch_log_group!);
    expect(groups.map((g) => g.name).sort()).toEqual([
      '/aws/lambda/mcp-gateway-gateway',
      '/aws/lambda/mcp-gateway-health',
      '/aws/lambda/mcp-gateway-management',
    ]);
    for (const group of groups) expect(group.retention_in_days).toBe(30);
    expect(one(stack.resource.aws_secretsmanager_secret, 'admin-key')).toMatchObject({
      name: 'mcp-gateway/admin-key',
      recovery_window_in_days: 7,
    });
    const version = one(stack.resource.aws_secretsmanager_secret_version, 'admin-key-value');
    expect(version.secret_string).toMatch(
      /^mcpgw_admin_\$\{data\.aws_secretsmanager_random_password\..+\.random_password\}$/,
    );
    expect(version.lifecycle).toEqual({ ignore_changes: ['secret_string'] });
  });

  it('outputs the gateway and management URLs', () => {
    const stageUrl = ref('aws_api_gateway_stage', 'stage', 'invoke_url', stack);
    expect(stack.output.mcp_gateway_url?.value).toBe(`${stageUrl}/mcp`);
    expect(stack.output.mcp_management_url?.value).toBe(`${stageUrl}/v1`);
    expect(stack.output.mcp_table_name?.value).toBe(ref('aws_dynamodb_table', 'table', 'name', stack));
    expect(stack.output.mcp_admin_key_secret_arn).toBeDefined();
    // what gateway processes on the table (service mode) seal with, as the functions do
    expect(stack.output.mcp_vault_kms_key_arn?.value).toBe(ref('aws_kms_key', 'vault-key', 'arn', stack));
  });

  it('applies props: custom domain, given admin key, sizing, no schedule', () => {
    const custom = synth({
      name: 'acme-mcp',
      stageName: 'live-eu',
      architecture: 'x86_64',
      logRetentionDays: 90,
      adminKey: 'k'.repeat(40),
      healthCheckEnabled: false,
      functions: { gateway: { memorySize: 2048, timeoutSeconds: 240, reservedConcurrency: 50 } },
      customDomain: {
        domainName: 'mcp.example.com',
        certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc-123',
        basePath: 'gw',
      },
      environment: { LOG_LEVEL: 'debug' },
      sourceMaps: true,
    });
    expect(one(custom.resource.aws_api_gateway_domain_name, 'domain')).toMatchObject({
      domain_name: 'mcp.example.com',
      regional_certificate_arn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc-123',
      endpoint_configuration: { types: ['REGIONAL'] },
      security_policy: 'TLS_1_2',
    });
    expect(one(custom.resource.aws_api_gateway_base_path_mapping, 'base-path')).toMatchObject({
      base_path: 'gw',
    });
    expect(custom.output.mcp_gateway_url?.value).toBe('https://mcp.example.com/gw/mcp');
    expect(custom.output.mcp_management_url?.value).toBe('https://mcp.example.com/gw/v1');
    // the functions answering HTTP strip the base path API Gateway leaves in each request's path
    for (const fn of Object.values(custom.resource.aws_lambda_function ?? {}) as unknown as {
      function_name: string;
      environment: { variables: Record<string, string> };
    }[])
      expect(fn.environment.variables['MCP_GATEWAY_BASE_PATH'], fn.function_name).toBe(
        fn.function_name.endsWith('health') ? undefined : '/gw',
      );
    for (const fn of Object.values(custom.resource.aws_lambda_function ?? {}) as unknown as {
      environment: { variables: Record<string, string> };
    }[])
      expect(fn.environment.variables['NODE_OPTIONS']).toBe('--enable-source-maps');
    expect(custom.output.mcp_domain_target).toBeDefined();
    // API Gateway takes hyphens in a stage's name
    expect(one(custom.resource.aws_api_gateway_stage, 'stage')).toMatchObject({ stage_name: 'live-eu' });

    const version = one(custom.resource.aws_secretsmanager_secret_version, 'admin-key-value');
    expect(version.secret_string).toBe('k'.repeat(40));
    expect(custom.data.aws_secretsmanager_random_password).toBeUndefined();
    expect(custom.resource.aws_cloudwatch_event_rule).toBeUndefined();

    // a key given by reference (a sensitive variable) stays one: it is checked once it has a value
    const referenced = JSON.parse(
      Testing.synthScope((scope) => {
        new AwsProvider(scope, 'aws', { region: 'eu-west-1' });
        const key = new TerraformVariable(scope, 'admin_key', { type: 'string', sensitive: true });
        new McpGateway(scope, 'mcp', { code, adminKey: key.stringValue });
      }),
    ) as Synthesized;
    const fromVariable = one(referenced.resource.aws_secretsmanager_secret_version, 'admin-key-value');
    expect(fromVariable.secret_string).toBe(`\${var.admin_key}`);
    // checked once Terraform knows it
    expect(fromVariable.lifecycle).toEqual({
      precondition: [
        {
          condition: `\${(length(var.admin_key) >= 32)}`,
          error_message: 'adminKey must be at least 32 characters long.',
        },
      ],
    });

    const gateway = one(custom.resource.aws_lambda_function, 'mcp_gateway_');
    expect(gateway).toMatchObject({
      function_name: 'acme-mcp-gateway',
      memory_size: 2048,
      timeout: 240,
      reserved_concurrent_executions: 50,
      architectures: ['x86_64'],
    });
    expect((gateway.environment as { variables: Record<string, string> }).variables.LOG_LEVEL).toBe('debug');
    expect(
      one(custom.resource.aws_api_gateway_integration, 'integration-mcp-proxy_').timeout_milliseconds,
    ).toBe(240_000);
    for (const group of Object.values(custom.resource.aws_cloudwatch_log_group!)) {
      expect(group.retention_in_days).toBe(90);
    }
  });

  it.each<[string, McpGatewayProps, RegExp]>([
    ['retention', { logRetentionDays: 42 }, /logRetentionDays must be one of .*got 42/],
    ['name', { name: 'Bad_Name' }, /name must be 3–32 characters .*got "Bad_Name"/],
    [
      'memory',
      { functions: { gateway: { memorySize: 64 } } },
      /functions\.gateway\.memorySize must be .* 128 to 10240; got 64/,
    ],
    [
      'timeout',
      { functions: { health: { timeoutSeconds: 901 } } },
      /functions\.health\.timeoutSeconds .* 1 to 900/,
    ],
    [
      'domain without certificate',
      { customDomain: { domainName: 'mcp.example.com' } as never },
      /customDomain\.certificateArn is required/,
    ],
    [
      'schedule',
      { healthCheckSchedule: 'every minute' },
      /healthCheckSchedule must be an EventBridge expression/,
    ],
    ['rate unit', { healthCheckSchedule: 'rate(5 minute)' }, /plural/],
    ['short admin key', { adminKey: 'short' }, /adminKey must be at least 32 characters/],
    [
      'reserved env',
      { environment: { MCP_GATEWAY_TABLE: 'x' } },
      /MCP_GATEWAY_TABLE is set by the construct/,
    ],
    [
      'derived env',
      {
        environment: { MCP_GATEWAY_HEALTH_EVERY_SECONDS: '60', MCP_GATEWAY_BASE_PATH: '/x' },
        customDomain: {
          domainName: 'mcp.example.com',
          certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc',
          basePath: 'gw',
        },
      },
      /MCP_GATEWAY_BASE_PATH \(from customDomain.basePath\) is set by the construct[\s\S]*MCP_GATEWAY_HEALTH_EVERY_SECONDS \(from healthCheckSchedule\) is set by the construct/,
    ],
    ['management timeout', { functions: { management: { timeoutSeconds: 60 } } }, /at most 29/],
    // the AWS provider @cdktf/provider-aws pins plans integration timeouts of 300 s at most
    [
      'streamed timeout',
      { functions: { gateway: { timeoutSeconds: 600 } } },
      /functions\.gateway\.timeoutSeconds must be at most 300 with the AWS provider 6\.25\.0/,
    ],
    [
      'stage name',
      { stageName: 'prod.eu' },
      /stageName must be 1–128 letters, digits, hyphens or underscores/,
    ],
    // what the functions would refuse at cold start (all three of them)
    [
      'env switch',
      { environment: { MCP_GATEWAY_ALLOW_PRIVATE_UPSTREAMS: 'yes' } },
      /environment: MCP_GATEWAY_ALLOW_PRIVATE_UPSTREAMS must be 1 or true \(on\), 0 or false \(off\), got "yes"/,
    ],
    [
      'env body limit past what a Lambda event holds',
      { environment: { MCP_GATEWAY_MAX_BODY_BYTES: '4194304' } },
      /environment: MCP_GATEWAY_MAX_BODY_BYTES must be a whole number from 1024 to 2883584, got "4194304"/,
    ],
    [
      'env origins',
      { environment: { MCP_GATEWAY_ALLOWED_ORIGINS: 'https://app.example.com/' } },
      /environment: MCP_GATEWAY_ALLOWED_ORIGINS lists origins as browsers send them/,
    ],
    [
      'env number',
      { environment: { MCP_GATEWAY_CONFIG_TTL_MS: '5s' } },
      /environment: MCP_GATEWAY_CONFIG_TTL_MS must be a whole number/,
    ],
    [
      'throttling',
      { throttling: { rateLimit: 0, burstLimit: 2.5 } },
      /throttling.rateLimit must be a number of requests per second above 0; got 0[\s\S]*throttling.burstLimit must be a whole number of at least 1; got 2.5/,
    ],
  ])('fails synthesis on invalid props: %s', (_, props, message) => {
    expect(() => synth(props)).toThrow(McpGatewayPropsError);
    expect(() => synth(props)).toThrow(message);
  });

  it('caps what the stage takes when throttling is set, before any function is invoked', () => {
    expect(synth().resource.aws_api_gateway_method_settings).toBeUndefined();
    const capped = synth({ throttling: { rateLimit: 200, burstLimit: 400 } });
    expect(one(capped.resource.aws_api_gateway_method_settings, 'stage-throttling')).toMatchObject({
      rest_api_id: ref('aws_api_gateway_rest_api', 'api', 'id', capped),
      stage_name: ref('aws_api_gateway_stage', 'stage', 'stage_name', capped),
      method_path: '*/*',
      settings: { throttling_rate_limit: 200, throttling_burst_limit: 400 },
    });
  });

  it('writes the stage access logs to a log group of their own when asked', () => {
    expect(one(synth().resource.aws_api_gateway_stage, 'stage')).not.toHaveProperty('access_log_settings');
    const logged = synth({ accessLogs: true, logRetentionDays: 14 });
    expect(one(logged.resource.aws_cloudwatch_log_group, 'access-logs')).toMatchObject({
      name: '/aws/apigateway/mcp-gateway/access',
      retention_in_days: 14,
    });
    const { access_log_settings: settings } = one(logged.resource.aws_api_gateway_stage, 'stage') as {
      access_log_settings: { destination_arn: string; format: string };
    };
    expect(settings.destination_arn).toBe(ref('aws_cloudwatch_log_group', 'access-logs', 'arn', logged));
    expect(JSON.parse(settings.format)).toMatchObject({
      requestId: '$context.requestId',
      status: '$context.status',
      integrationError: '$context.integration.error',
    });
  });

  it('takes a base path or health cadence of its own where the construct derives none', () => {
    const environment = { MCP_GATEWAY_HEALTH_EVERY_SECONDS: '300', MCP_GATEWAY_BASE_PATH: '/gw' };
    expect(() => synth({ healthCheckSchedule: 'cron(0/5 * * * ? *)', environment })).not.toThrow();
  });

  it('lists every problem at once', () => {
    try {
      synth({ logRetentionDays: 2, name: 'x' });
      expect.unreachable();
    } catch (error) {
      expect((error as McpGatewayPropsError).problems).toHaveLength(2);
    }
  });

  it('full synthesis writes the stack and the zipped assets', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'gateway');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    new McpGateway(stack, 'mcp', { code });
    const outdir = Testing.fullSynth(stack);
    const stackJson = JSON.parse(
      readFileSync(join(outdir, 'stacks', 'gateway', 'cdk.tf.json'), 'utf8'),
    ) as Synthesized;
    const gateway = one(stackJson.resource.aws_lambda_function, 'mcp_gateway_');
    expect(existsSync(join(outdir, 'stacks', 'gateway', gateway.filename as string))).toBe(true);
  });
});

describe('examples/cdktf (the app cdktf.json runs)', () => {
  it('synthesizes the gateway and config stacks with freshly bundled handlers', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'cdktf-out-'));
    const bundles = mkdtempSync(join(tmpdir(), 'cdktf-bundles-'));
    onTestFinished(() => {
      rmSync(outdir, { recursive: true, force: true });
      rmSync(bundles, { recursive: true, force: true });
    });
    const run = spawnSync(process.execPath, ['--import', 'tsx', join('examples', 'cdktf', 'main.ts')], {
      cwd: repoRoot,
      env: {
        ...process.env,
        CDKTF_OUTDIR: outdir,
        MCP_GATEWAY_BUNDLE_DIR: bundles,
        AWS_REGION: 'eu-central-1',
        // as the README says: a server the deployed gateway reaches (without it, a note says so)
        MCP_UPSTREAM_URL: 'https://mcp.example.com/mcp',
      },
      encoding: 'utf8',
      timeout: 120_000,
    });
    // progress lines only: no warnings
    expect(run.stderr).toMatch(
      /^building the stacks…\nsynthesized mcp-gateway, mcp-gateway-config to \S+\n$/,
    );
    expect(run.status).toBe(0);
    const stackDir = join(outdir, 'stacks', 'mcp-gateway');
    const stack = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as Synthesized & {
      provider: { aws: { region: string }[] };
      terraform: { backend: { local: { path: string } } };
    };
    expect(stack.provider.aws[0]?.region).toBe('eu-central-1');
    expect(stack.terraform.backend.local.path).toBe(join(repoRoot, 'examples', 'cdktf', 'gateway.tfstate'));
    expect(Object.keys(stack.resource.aws_lambda_function!)).toHaveLength(3);
    for (const fn of Object.values(stack.resource.aws_lambda_function!)) {
      expect(existsSync(join(stackDir, fn.filename as string))).toBe(true);
    }
    expect(Object.keys(stack.output)).toEqual(
      expect.arrayContaining(['mcp_gateway_url', 'mcp_management_url', 'mcp_admin_key_secret_arn']),
    );

    // The config stack reaches the deployed API through a cross-stack reference to the stage URL.
    const config = JSON.parse(
      readFileSync(join(outdir, 'stacks', 'mcp-gateway-config', 'cdk.tf.json'), 'utf8'),
    ) as Synthesized & { provider: { mcpgateway: { endpoint: string }[] } };
    expect(config.provider.mcpgateway[0]?.endpoint).toMatch(
      /^\$\{data\.terraform_remote_state\..+invoke_url\}$/,
    );
    expect(Object.keys(config.resource).sort()).toEqual([
      'mcpgateway_api_key',
      'mcpgateway_server',
      'mcpgateway_workspace',
    ]);
    // The API key's secret comes from an ephemeral variable, so it is in neither the stack nor the state.
    const key = Object.values(config.resource['mcpgateway_api_key']!)[0]!;
    expect(key['secret']).toBe(`\${var.ci_api_key}`);
    expect(key).not.toHaveProperty('key');
    expect(
      (config as unknown as { variable: Record<string, Record<string, unknown>> }).variable['ci_api_key'],
    ).toMatchObject({ type: 'string', sensitive: true, ephemeral: true });
  }, 120_000);
});
