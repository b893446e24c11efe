import { ApiGatewayBasePathMapping } from '@cdktf/provider-aws/lib/api-gateway-base-path-mapping/index.js';
import { ApiGatewayDeployment } from '@cdktf/provider-aws/lib/api-gateway-deployment/index.js';
import { ApiGatewayDomainName } from '@cdktf/provider-aws/lib/api-gateway-domain-name/index.js';
import { ApiGatewayIntegration } from '@cdktf/provider-aws/lib/api-gateway-integration/index.js';
import { ApiGatewayMethod } from '@cdktf/provider-aws/lib/api-gateway-method/index.js';
import { ApiGatewayMethodSettings } from '@cdktf/provider-aws/lib/api-gateway-method-settings/index.js';
import { ApiGatewayResource } from '@cdktf/provider-aws/lib/api-gateway-resource/index.js';
import { ApiGatewayRestApi } from '@cdktf/provider-aws/lib/api-gateway-rest-api/index.js';
import { ApiGatewayStage } from '@cdktf/provider-aws/lib/api-gateway-stage/index.js';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule/index.js';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target/index.js';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group/index.js';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity/index.js';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document/index.js';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition/index.js';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region/index.js';
import { DataAwsSecretsmanagerRandomPassword } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-random-password/index.js';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key/index.js';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function/index.js';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config/index.js';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission/index.js';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret/index.js';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version/index.js';
import { AssetType, Fn, Op, TerraformAsset, TerraformOutput, Token } from 'cdktf';
import { Construct } from 'constructs';
import { adminKeySecretPrefix } from '../../../runtime/src/auth/admin-key.js';
import { defaultCode, lambdaHandler } from '../bundling/bundle.js';
import { type AccessTarget, functionAccess, functionArn, logActions } from '../shared/access.js';
import {
  derivedEnvironment,
  type FunctionKind,
  functionKinds,
  HEALTH_EVENT_AGE_SECONDS,
  lambdaFunctionPattern,
  type McpGatewayProps,
  McpGatewayPropsError,
  type ResolvedProps,
  resolveProps,
} from '../shared/props.js';
import {
  accessLogFormat,
  accessLogGroupName,
  integrationTimeoutMs,
  lambdaIntegrationUri,
  routes,
} from '../shared/routes.js';
import { keyAttributes, table } from '../shared/table.js';

export type { McpGatewayProps } from '../shared/props.js';

/** Lambda runtime of every function. */
export const lambdaRuntime = 'nodejs22.x';

/**
 * Deploys the MCP gateway to AWS: one DynamoDB table, the data-plane, management and health-check Lambda
 * functions, a REST API (response streaming for the data plane), the admin key in Secrets Manager, log
 * groups, the health-check schedule and, optionally, a custom domain. The stack must configure the AWS
 * provider.
 */
/**
 * Releases of the AWS provider up to 6.25.0 (the one `@cdktf/provider-aws` 21 pins) refuse an integration
 * timeout over 300 s at plan time, streamed or not; later ones take up to 900 s when streaming. Said at
 * synth, with what to do, rather than by `terraform plan`.
 */
function refuseUnplannable(integration: ApiGatewayIntegration, kind: FunctionKind, timeoutMs: number): void {
  const version = integration.terraformGeneratorMetadata?.providerVersion ?? '';
  const [major, minor] = version.split('.').map(Number);
  if (timeoutMs <= 300_000 || major === undefined || minor === undefined) return;
  if (major > 6 || (major === 6 && minor > 25)) return;
  throw new McpGatewayPropsError([
    `functions.${kind}.timeoutSeconds must be at most 300 with the AWS provider ${version} these bindings pin (its API Gateway integrations take 300 s at most; releases after 6.25.0 take 900 s when streaming); got ${timeoutMs / 1000}.`,
  ]);
}

export class McpGateway extends Construct {
  /** The props after defaults. */
  readonly settings: ResolvedProps;
  readonly table: DynamodbTable;
  readonly functions: Record<FunctionKind, LambdaFunction>;
  readonly roles: Record<FunctionKind, IamRole>;
  readonly logGroups: Record<FunctionKind, CloudwatchLogGroup>;
  readonly adminKeySecret: SecretsmanagerSecret;
  /** Wraps the data keys that seal users' upstream tokens (the token vault). */
  readonly vaultKey: KmsKey;
  readonly restApi: ApiGatewayRestApi;
  readonly stage: ApiGatewayStage;
  readonly domainName: ApiGatewayDomainName | undefined;
  readonly healthSchedule: CloudwatchEventRule | undefined;
  /** `<base url>/mcp`: MCP clients connect to `<gatewayUrl>/<server>`. */
  readonly gatewayUrl: string;
  /** `<base url>/v1`: the management API. */
  readonly managementUrl: string;
  /** The stage's invoke URL (the custom domain, when set, serves the same API). */
  readonly stageUrl: string;

  constructor(scope: Construct, id: string, props: McpGatewayProps = {}) {
    super(scope, id);
    const settings = resolveProps(props, (value) => Token.isUnresolved(value));
    this.settings = settings;
    const { name, tags } = settings;

    const partition = new DataAwsPartition(this, 'partition');
    const region = new DataAwsRegion(this, 'region');

    // State: one table, on-demand, encrypted, recoverable, with TTL for sessions and counters.
    this.table = new DynamodbTable(this, 'table', {
      name,
      billingMode: 'PAY_PER_REQUEST',
      hashKey: table.partitionKey,
      rangeKey: table.sortKey,
      attribute: keyAttributes.map((attribute) => ({ name: attribute, type: 'S' })),
      globalSecondaryIndex: table.globalSecondaryIndexes.map((gsi) => ({
        name: gsi.name,
        hashKey: gsi.partitionKey,
        rangeKey: gsi.sortKey,
        projectionType: gsi.projection,
      })),
      ttl: { attributeName: table.ttlAttribute, enabled: true },
      pointInTimeRecovery: { enabled: settings.pointInTimeRecovery },
      serverSideEncryption: { enabled: true },
      deletionProtectionEnabled: settings.deletionProtection,
      tags,
    });

    // The admin key: provided, or generated once by Secrets Manager and then left alone.
    this.adminKeySecret = new SecretsmanagerSecret(this, 'admin-key', {
      name: `${name}/admin-key`,
      description: 'Admin API key of the MCP gateway management API.',
      recoveryWindowInDays: settings.adminKeyRecoveryWindowDays,
      tags,
    });
    if (settings.adminKey !== undefined) {
      const byReference = Token.isUnresolved(settings.adminKey);
      new SecretsmanagerSecretVersion(this, 'admin-key-value', {
        secretId: this.adminKeySecret.id,
        secretString: settings.adminKey,
        // a key given by reference is checked once Terraform knows it (a literal one was checked here)
        ...(byReference
          ? {
              lifecycle: {
                precondition: [
                  {
                    condition: Op.gte(Fn.lengthOf(settings.adminKey), 32),
                    errorMessage: 'adminKey must be at least 32 characters long.',
                  },
                ],
              },
            }
          : {}),
      });
    } else {
      // The data source yields a new password on every plan; ignore_changes keeps the first one.
      const generated = new DataAwsSecretsmanagerRandomPassword(this, 'admin-key-generated', {
        passwordLength: 48,
        excludePunctuation: true,
      });
      new SecretsmanagerSecretVersion(this, 'admin-key-value', {
        secretId: this.adminKeySecret.id,
        // in the gateway's own key form: its data plane never hands such a token to a webhook
        secretString: `${adminKeySecretPrefix}${generated.randomPassword}`,
        lifecycle: { ignoreChanges: ['secret_string'] },
      });
    }

    this.vaultKey = new KmsKey(this, 'vault-key', {
      description: `${name}: seals the MCP gateway's token vault and write-only configuration.`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      tags,
    });

    const code = settings.code ?? defaultCode();
    // a function named without an ARN lives in the stack's own account and region; a reference (`fn.arn`
    // or `fn.functionName` of a function of the stack) is made an ARN once Terraform knows which it is
    const referenced = settings.lambdaFunctions.filter((fn) => Token.isUnresolved(fn));
    const account = settings.lambdaFunctions.some((fn) => !fn.startsWith('arn:'))
      ? new DataAwsCallerIdentity(this, 'account').accountId
      : '';
    const where = { partition: partition.partition, region: region.region, account };
    const targetArns: Record<AccessTarget, string[]> = {
      table: [this.table.arn],
      adminKeySecret: [this.adminKeySecret.arn],
      vaultKey: [this.vaultKey.arn],
      mcpFunctions: settings.lambdaFunctions.map((fn) =>
        Token.isUnresolved(fn)
          ? Token.asString(Fn.conditional(Fn.startswith(fn, 'arn:'), fn, functionArn(fn, where)))
          : functionArn(fn, where),
      ),
    };
    // a referenced function is checked once Terraform knows it (a literal one was checked here)
    const functionsChecked =
      referenced.length === 0
        ? {}
        : {
            lifecycle: {
              precondition: referenced.map((fn) => ({
                condition: Fn.can(Fn.regex(lambdaFunctionPattern.source, fn)),
                errorMessage: 'lambdaFunctions must hold Lambda function names or ARNs.',
              })),
            },
          };

    const functions = {} as Record<FunctionKind, LambdaFunction>;
    const roles = {} as Record<FunctionKind, IamRole>;
    const logGroups = {} as Record<FunctionKind, CloudwatchLogGroup>;
    const assumeRole = new DataAwsIamPolicyDocument(this, 'lambda-assume-role', {
      statement: [
        {
          effect: 'Allow',
          actions: ['sts:AssumeRole'],
          principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }],
        },
      ],
    });

    for (const kind of functionKinds) {
      const functionName = `${name}-${kind}`;
      const logGroup = new CloudwatchLogGroup(this, `${kind}-logs`, {
        name: `/aws/lambda/${functionName}`,
        retentionInDays: settings.logRetentionDays,
        tags,
      });
      const role = new IamRole(this, `${kind}-role`, {
        name: `${functionName}-role`,
        assumeRolePolicy: assumeRole.json,
        tags,
      });
      const policy = new DataAwsIamPolicyDocument(this, `${kind}-policy-document`, {
        statement: [
          {
            sid: 'WriteOwnLogs',
            effect: 'Allow',
            actions: [...logActions],
            resources: [`${logGroup.arn}:*`],
          },
          // a statement without resources (no lambda servers declared) is left out
          ...functionAccess[kind]
            .filter((statement) => statement.targets.some((target) => targetArns[target].length > 0))
            .map((statement) => ({
              sid: statement.sid,
              effect: 'Allow',
              actions: [...statement.actions],
              resources: statement.targets.flatMap((target) => targetArns[target]),
            })),
        ],
      });
      new IamRolePolicy(this, `${kind}-policy`, {
        name: `${functionName}-access`,
        role: role.id,
        policy: policy.json,
        ...functionsChecked,
      });

      const asset = new TerraformAsset(this, `${kind}-code`, { path: code[kind], type: AssetType.ARCHIVE });
      const fnSettings = settings.functions[kind];
      functions[kind] = new LambdaFunction(this, kind, {
        functionName,
        description: `MCP gateway ${kind}`,
        role: role.arn,
        runtime: lambdaRuntime,
        handler: lambdaHandler,
        architectures: [settings.architecture],
        filename: asset.path,
        sourceCodeHash: asset.assetHash,
        memorySize: fnSettings.memorySize,
        timeout: fnSettings.timeoutSeconds,
        reservedConcurrentExecutions: fnSettings.reservedConcurrency,
        environment: { variables: this.environmentFor(kind, settings) },
        loggingConfig: { logFormat: 'JSON', logGroup: logGroup.name },
        tags,
        dependsOn: [logGroup],
      });
      roles[kind] = role;
      logGroups[kind] = logGroup;
    }
    this.functions = functions;
    this.roles = roles;
    this.logGroups = logGroups;

    // API: REST API, one resource tree for all routes.
    this.restApi = new ApiGatewayRestApi(this, 'api', {
      name,
      description: 'MCP gateway: MCP data plane (/mcp), OAuth metadata, management API (/v1).',
      endpointConfiguration: { types: ['REGIONAL'] },
      tags,
    });
    const resources = new Map<string, ApiGatewayResource>();
    const resourceFor = (parts: readonly string[]): ApiGatewayResource => {
      const key = parts.join('/');
      const existing = resources.get(key);
      if (existing) return existing;
      const parentId = parts.length === 1 ? this.restApi.rootResourceId : resourceFor(parts.slice(0, -1)).id;
      const created = new ApiGatewayResource(this, `resource-${routeId(parts)}`, {
        restApiId: this.restApi.id,
        parentId,
        pathPart: parts[parts.length - 1]!,
      });
      resources.set(key, created);
      return created;
    };
    const triggerParts: string[] = [];
    const integrations: ApiGatewayIntegration[] = [];
    for (const route of routes) {
      const resource = resourceFor(route.parts);
      const method = new ApiGatewayMethod(this, `method-${routeId(route.parts)}`, {
        restApiId: this.restApi.id,
        resourceId: resource.id,
        httpMethod: 'ANY',
        // The gateway authenticates every request itself (OAuth bearer tokens, API keys).
        authorization: 'NONE',
      });
      const target = functions[route.target];
      const mode = route.streaming ? 'STREAM' : 'BUFFERED';
      const timeoutMilliseconds = integrationTimeoutMs(
        route,
        settings.functions[route.target].timeoutSeconds,
      );
      const integration = new ApiGatewayIntegration(this, `integration-${routeId(route.parts)}`, {
        restApiId: this.restApi.id,
        resourceId: resource.id,
        httpMethod: method.httpMethod,
        type: 'AWS_PROXY',
        integrationHttpMethod: 'POST',
        uri: lambdaIntegrationUri(partition.partition, region.region, target.arn, route.streaming),
        responseTransferMode: mode,
        timeoutMilliseconds,
      });
      refuseUnplannable(integration, route.target, timeoutMilliseconds);
      integrations.push(integration);
      triggerParts.push(resource.id, method.id, integration.id, integration.uri);
      triggerParts.push(`${route.parts.join('/')} ${route.target} ${mode} ${timeoutMilliseconds}`);
    }
    const deployment = new ApiGatewayDeployment(this, 'deployment', {
      restApiId: this.restApi.id,
      triggers: { redeployment: Fn.sha1(Fn.jsonencode(triggerParts)) },
      lifecycle: { createBeforeDestroy: true },
      dependsOn: integrations,
    });
    const accessLogs = settings.accessLogs
      ? new CloudwatchLogGroup(this, 'access-logs', {
          name: accessLogGroupName(name),
          retentionInDays: settings.logRetentionDays,
          tags,
        })
      : undefined;
    this.stage = new ApiGatewayStage(this, 'stage', {
      restApiId: this.restApi.id,
      deploymentId: deployment.id,
      stageName: settings.stageName,
      ...(accessLogs !== undefined
        ? { accessLogSettings: { destinationArn: accessLogs.arn, format: accessLogFormat } }
        : {}),
      tags,
    });
    if (settings.throttling !== undefined)
      new ApiGatewayMethodSettings(this, 'stage-throttling', {
        restApiId: this.restApi.id,
        stageName: this.stage.stageName,
        methodPath: '*/*',
        settings: {
          throttlingRateLimit: settings.throttling.rateLimit,
          throttlingBurstLimit: settings.throttling.burstLimit,
        },
      });
    for (const kind of ['gateway', 'management'] as const) {
      new LambdaPermission(this, `${kind}-api-permission`, {
        statementId: 'AllowApiGatewayInvoke',
        action: 'lambda:InvokeFunction',
        functionName: functions[kind].functionName,
        principal: 'apigateway.amazonaws.com',
        sourceArn: `${this.restApi.executionArn}/${settings.stageName}/*`,
      });
    }

    // Optional custom domain.
    let baseUrl = this.stage.invokeUrl;
    if (settings.customDomain) {
      const { domainName, certificateArn, basePath } = settings.customDomain;
      this.domainName = new ApiGatewayDomainName(this, 'domain', {
        domainName,
        regionalCertificateArn: certificateArn,
        endpointConfiguration: { types: ['REGIONAL'] },
        securityPolicy: 'TLS_1_2',
        tags,
      });
      new ApiGatewayBasePathMapping(this, 'base-path', {
        apiId: this.restApi.id,
        stageName: this.stage.stageName,
        domainName: this.domainName.domainName,
        basePath: basePath === '' ? undefined : basePath,
      });
      baseUrl = basePath === '' ? `https://${domainName}` : `https://${domainName}/${basePath}`;
    } else {
      this.domainName = undefined;
    }

    // Health checks on a schedule.
    if (settings.healthCheckEnabled) {
      this.healthSchedule = new CloudwatchEventRule(this, 'health-schedule', {
        name: `${name}-health`,
        description: 'Runs the MCP gateway health checker.',
        scheduleExpression: settings.healthCheckSchedule,
        tags,
      });
      new CloudwatchEventTarget(this, 'health-target', {
        rule: this.healthSchedule.name,
        arn: functions.health.arn,
      });
      new LambdaPermission(this, 'health-schedule-permission', {
        statementId: 'AllowEventBridgeInvoke',
        action: 'lambda:InvokeFunction',
        functionName: functions.health.functionName,
        principal: 'events.amazonaws.com',
        sourceArn: this.healthSchedule.arn,
      });
      // a run that failed is not run again by Lambda's async retries: the next scheduled one comes anyway,
      // and retries would probe every upstream (and sync every registry) two more times in between
      new LambdaFunctionEventInvokeConfig(this, 'health-invoke-config', {
        functionName: functions.health.functionName,
        maximumRetryAttempts: 0,
        maximumEventAgeInSeconds: HEALTH_EVENT_AGE_SECONDS,
      });
    } else {
      this.healthSchedule = undefined;
    }

    this.stageUrl = this.stage.invokeUrl;
    this.gatewayUrl = `${baseUrl}/mcp`;
    this.managementUrl = `${baseUrl}/v1`;

    const prefix = id.replace(/[^A-Za-z0-9_]/g, '_');
    const output = (key: string, value: string, description: string, sensitive = false): void => {
      new TerraformOutput(this, key, { value, description, sensitive }).overrideLogicalId(`${prefix}_${key}`);
    };
    output('gateway_url', this.gatewayUrl, 'MCP endpoint base: clients connect to <gateway_url>/<server>.');
    output('management_url', this.managementUrl, 'Management API base URL.');
    output('stage_url', this.stageUrl, 'API Gateway stage invoke URL.');
    output('table_name', this.table.name, 'DynamoDB table holding the gateway state.');
    output('admin_key_secret_arn', this.adminKeySecret.arn, 'Secrets Manager secret with the admin API key.');
    output(
      'vault_kms_key_arn',
      this.vaultKey.arn,
      'KMS key sealing secrets at rest: gateway processes on the table (service mode) set MCP_GATEWAY_VAULT_KMS_KEY to it.',
    );
    if (this.domainName) {
      output(
        'domain_target',
        this.domainName.regionalDomainName,
        'Point a CNAME/alias for the custom domain at this name.',
      );
    }
  }

  private environmentFor(kind: FunctionKind, settings: ResolvedProps): Record<string, string> {
    return {
      ...settings.environment,
      ...derivedEnvironment(settings, kind),
      MCP_GATEWAY_TABLE: this.table.name,
      ...(settings.sourceMaps ? { NODE_OPTIONS: '--enable-source-maps' } : {}),
      ...(kind === 'management' ? { MCP_GATEWAY_ADMIN_KEY_SECRET_ARN: this.adminKeySecret.arn } : {}),
      MCP_GATEWAY_VAULT_KMS_KEY: this.vaultKey.arn,
    };
  }
}

const routeId = (parts: readonly string[]): string =>
  parts
    .map((part) => part.replace(/[{}+.]/g, ''))
    .filter(Boolean)
    .join('-');
