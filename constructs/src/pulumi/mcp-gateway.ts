import { createHash } from 'node:crypto';
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { adminKeySecretPrefix } from '../../../runtime/src/auth/admin-key.js';
import { defaultCode, lambdaHandler } from '../bundling/bundle.js';
import { type AccessTarget, functionAccess, functionArn, logActions } from '../shared/access.js';
import { restApiDocument } from '../shared/openapi.js';
import {
  type CustomDomainProps,
  type DeferredProp,
  deferredPropProblem,
  derivedEnvironment,
  environmentProblem,
  type FunctionKind,
  functionKinds,
  HEALTH_EVENT_AGE_SECONDS,
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

/**
 * The component's arguments: the props of both flavours, where the values that often come from elsewhere
 * (the admin key from a secret in stack config, a certificate or function another resource creates,
 * environment values) may be Pulumi inputs.
 */
export type McpGatewayArgs = McpGatewayProps<pulumi.Input<string>>;
export type CustomDomainArgs = CustomDomainProps<pulumi.Input<string>>;
type Settings = ResolvedProps<pulumi.Input<string>>;

/** A value known only when the stack deploys: a Pulumi output or a promise. */
const isUnresolved = (value: pulumi.Input<string>): boolean => typeof value !== 'string';

/** The value, checked like a literal once it resolves (a preview or `up` fails with the same message). */
function checked(field: DeferredProp, value: pulumi.Input<string>): pulumi.Input<string> {
  if (!isUnresolved(value)) return value;
  return pulumi.output(value).apply((known) => {
    const problem = deferredPropProblem(field, known);
    if (problem !== undefined) throw new McpGatewayPropsError([problem]);
    return known;
  });
}

/** Lambda runtime of every function. */
export const lambdaRuntime = 'nodejs22.x';

/** `arn:<partition>:lambda:<region>:…` → partition and region, for the integration URIs. */
function arnParts(arn: string): { partition: string; region: string } {
  const [, partition = 'aws', , region = ''] = arn.split(':');
  return { partition, region };
}

/**
 * Deploys the MCP gateway to AWS (the same resources, props and outputs as the CDKTF `McpGateway`):
 * the DynamoDB table, three Lambda functions, a REST API with response streaming for the data plane, the
 * admin key in Secrets Manager, log groups, the health-check schedule and an optional custom domain.
 */
export class McpGateway extends pulumi.ComponentResource {
  /** The props after defaults. */
  readonly settings: Settings;
  readonly table: aws.dynamodb.Table;
  readonly functions: Record<FunctionKind, aws.lambda.Function>;
  readonly roles: Record<FunctionKind, aws.iam.Role>;
  readonly logGroups: Record<FunctionKind, aws.cloudwatch.LogGroup>;
  readonly adminKeySecret: aws.secretsmanager.Secret;
  /** Wraps the data keys that seal users' upstream tokens (the token vault). */
  readonly vaultKey: aws.kms.Key;
  readonly restApi: aws.apigateway.RestApi;
  readonly stage: aws.apigateway.Stage;
  readonly domainName: aws.apigateway.DomainName | undefined;
  readonly healthSchedule: aws.cloudwatch.EventRule | undefined;
  /** `<base url>/mcp`: MCP clients connect to `<gatewayUrl>/<server>`. */
  readonly gatewayUrl: pulumi.Output<string>;
  /** `<base url>/v1`: the management API. */
  readonly managementUrl: pulumi.Output<string>;
  /** The stage's invoke URL. */
  readonly stageUrl: pulumi.Output<string>;
  readonly tableName: pulumi.Output<string>;
  readonly adminKeySecretArn: pulumi.Output<string>;
  /** The KMS key sealing secrets at rest: service-mode processes on the table set `MCP_GATEWAY_VAULT_KMS_KEY` to it. */
  readonly vaultKmsKeyArn: pulumi.Output<string>;
  /** Where DNS for the custom domain should point (only with a custom domain). */
  readonly domainTarget: pulumi.Output<string> | undefined;

  constructor(id: string, props: McpGatewayArgs = {}, opts: pulumi.ComponentResourceOptions = {}) {
    super('mcp-gateway:aws:McpGateway', id, {}, opts);
    const settings = resolveProps(props, isUnresolved);
    this.settings = settings;
    const { name, tags } = settings;
    const parent = { parent: this };

    this.table = new aws.dynamodb.Table(
      `${id}-table`,
      {
        name,
        billingMode: 'PAY_PER_REQUEST',
        hashKey: table.partitionKey,
        rangeKey: table.sortKey,
        attributes: keyAttributes.map((attribute) => ({ name: attribute, type: 'S' })),
        globalSecondaryIndexes: table.globalSecondaryIndexes.map((gsi) => ({
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
      },
      parent,
    );

    this.adminKeySecret = new aws.secretsmanager.Secret(
      `${id}-admin-key`,
      {
        name: `${name}/admin-key`,
        description: 'Admin API key of the MCP gateway management API.',
        recoveryWindowInDays: settings.adminKeyRecoveryWindowDays,
        tags,
      },
      parent,
    );
    const adminKeyValue =
      settings.adminKey !== undefined
        ? pulumi.secret(checked('adminKey', settings.adminKey))
        : pulumi.secret(
            aws.secretsmanager
              .getRandomPasswordOutput({ passwordLength: 48, excludePunctuation: true }, parent)
              // in the gateway's own key form: its data plane never hands such a token to a webhook
              .apply((result) => `${adminKeySecretPrefix}${result.randomPassword}`),
          );
    new aws.secretsmanager.SecretVersion(
      `${id}-admin-key-value`,
      { secretId: this.adminKeySecret.id, secretString: adminKeyValue },
      // A generated key is drawn anew on every run; keep the first one.
      settings.adminKey !== undefined ? parent : { parent: this, ignoreChanges: ['secretString'] },
    );

    this.vaultKey = new aws.kms.Key(
      `${id}-vault-key`,
      {
        description: `${name}: seals the MCP gateway's token vault and write-only configuration.`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        tags,
      },
      parent,
    );

    // Values known only at deploy time are read as the functions will read them, once known.
    let environment = settings.environment;
    if (Object.values(environment).some(isUnresolved)) {
      const known = pulumi.all(environment).apply((values) => {
        const problem = environmentProblem(values);
        if (problem !== undefined) throw new McpGatewayPropsError([problem]);
        return values;
      });
      environment = Object.fromEntries(
        Object.keys(environment).map((key) => [key, known.apply((values) => values[key]!)]),
      );
    }

    const code = settings.code ?? defaultCode();
    const targetArns: Record<AccessTarget, pulumi.Input<string>[]> = {
      table: [this.table.arn],
      adminKeySecret: [this.adminKeySecret.arn],
      vaultKey: [this.vaultKey.arn],
      // a function named without an ARN lives in the table's account and region
      mcpFunctions: settings.lambdaFunctions.map((fn) =>
        pulumi.all([this.table.arn, checked('lambdaFunctions', fn)]).apply(([arn, name]) => {
          const [, partition = 'aws', , region = '', account = ''] = arn.split(':');
          return functionArn(name, { partition, region, account });
        }),
      ),
    };
    const assumeRolePolicy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'lambda.amazonaws.com' } },
      ],
    });

    const functions = {} as Record<FunctionKind, aws.lambda.Function>;
    const roles = {} as Record<FunctionKind, aws.iam.Role>;
    const logGroups = {} as Record<FunctionKind, aws.cloudwatch.LogGroup>;
    for (const kind of functionKinds) {
      const functionName = `${name}-${kind}`;
      const logGroup = new aws.cloudwatch.LogGroup(
        `${id}-${kind}-logs`,
        { name: `/aws/lambda/${functionName}`, retentionInDays: settings.logRetentionDays, tags },
        parent,
      );
      const role = new aws.iam.Role(
        `${id}-${kind}-role`,
        { name: `${functionName}-role`, assumeRolePolicy, tags },
        parent,
      );
      const policy = pulumi.jsonStringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'WriteOwnLogs',
            Effect: 'Allow',
            Action: [...logActions],
            Resource: [pulumi.interpolate`${logGroup.arn}:*`],
          },
          // a statement without resources (no lambda servers declared) is left out
          ...functionAccess[kind]
            .filter((statement) => statement.targets.some((target) => targetArns[target].length > 0))
            .map((statement) => ({
              Sid: statement.sid,
              Effect: 'Allow',
              Action: [...statement.actions],
              Resource: statement.targets.flatMap((target) => targetArns[target]),
            })),
        ],
      });
      new aws.iam.RolePolicy(
        `${id}-${kind}-policy`,
        { name: `${functionName}-access`, role: role.id, policy },
        parent,
      );

      const fnSettings = settings.functions[kind];
      functions[kind] = new aws.lambda.Function(
        `${id}-${kind}`,
        {
          name: functionName,
          description: `MCP gateway ${kind}`,
          role: role.arn,
          runtime: lambdaRuntime,
          handler: lambdaHandler,
          architectures: [settings.architecture],
          code: new pulumi.asset.FileArchive(code[kind]),
          memorySize: fnSettings.memorySize,
          timeout: fnSettings.timeoutSeconds,
          reservedConcurrentExecutions: fnSettings.reservedConcurrency,
          environment: { variables: this.environmentFor(kind, settings, environment) },
          loggingConfig: { logFormat: 'JSON', logGroup: logGroup.name },
          tags,
        },
        { parent: this, dependsOn: [logGroup] },
      );
      roles[kind] = role;
      logGroups[kind] = logGroup;
    }
    this.functions = functions;
    this.roles = roles;
    this.logGroups = logGroups;

    // The API, imported from an OpenAPI document (see shared/openapi.ts for why).
    const body = pulumi
      .all([functions.gateway.arn, functions.management.arn])
      .apply(([gatewayArn, managementArn]) => {
        const arns: Record<FunctionKind, string> = {
          gateway: gatewayArn,
          management: managementArn,
          health: '',
        };
        return JSON.stringify(
          restApiDocument(
            name,
            routes.map((route) => {
              const arn = arns[route.target];
              const { partition, region } = arnParts(arn);
              return {
                route,
                uri: lambdaIntegrationUri(partition, region, arn, route.streaming),
                timeoutMs: integrationTimeoutMs(route, settings.functions[route.target].timeoutSeconds),
              };
            }),
          ),
        );
      });
    this.restApi = new aws.apigateway.RestApi(
      `${id}-api`,
      {
        name,
        description: 'MCP gateway: MCP data plane (/mcp), OAuth metadata, management API (/v1).',
        body,
        endpointConfiguration: { types: 'REGIONAL' },
        tags,
      },
      parent,
    );
    const deployment = new aws.apigateway.Deployment(
      `${id}-deployment`,
      {
        restApi: this.restApi.id,
        triggers: { redeployment: body.apply((text) => createHash('sha256').update(text).digest('hex')) },
      },
      parent,
    );
    const accessLogs = settings.accessLogs
      ? new aws.cloudwatch.LogGroup(
          `${id}-access-logs`,
          { name: accessLogGroupName(name), retentionInDays: settings.logRetentionDays, tags },
          parent,
        )
      : undefined;
    this.stage = new aws.apigateway.Stage(
      `${id}-stage`,
      {
        restApi: this.restApi.id,
        deployment: deployment.id,
        stageName: settings.stageName,
        ...(accessLogs !== undefined
          ? { accessLogSettings: { destinationArn: accessLogs.arn, format: accessLogFormat } }
          : {}),
        tags,
      },
      parent,
    );
    if (settings.throttling !== undefined)
      new aws.apigateway.MethodSettings(
        `${id}-stage-throttling`,
        {
          restApi: this.restApi.id,
          stageName: this.stage.stageName,
          methodPath: '*/*',
          settings: {
            throttlingRateLimit: settings.throttling.rateLimit,
            throttlingBurstLimit: settings.throttling.burstLimit,
          },
        },
        parent,
      );
    for (const kind of ['gateway', 'management'] as const) {
      new aws.lambda.Permission(
        `${id}-${kind}-api-permission`,
        {
          statementId: 'AllowApiGatewayInvoke',
          action: 'lambda:InvokeFunction',
          function: functions[kind].name,
          principal: 'apigateway.amazonaws.com',
          sourceArn: pulumi.interpolate`${this.restApi.executionArn}/${settings.stageName}/*`,
        },
        parent,
      );
    }

    let baseUrl: pulumi.Output<string> = this.stage.invokeUrl;
    if (settings.customDomain) {
      const { domainName, certificateArn, basePath } = settings.customDomain;
      this.domainName = new aws.apigateway.DomainName(
        `${id}-domain`,
        {
          domainName: checked('customDomain.domainName', domainName),
          regionalCertificateArn: checked('customDomain.certificateArn', certificateArn),
          endpointConfiguration: { types: 'REGIONAL' },
          securityPolicy: 'TLS_1_2',
          tags,
        },
        parent,
      );
      new aws.apigateway.BasePathMapping(
        `${id}-base-path`,
        {
          restApi: this.restApi.id,
          stageName: this.stage.stageName,
          domainName: this.domainName.domainName,
          basePath: basePath === '' ? undefined : basePath,
        },
        parent,
      );
      baseUrl =
        basePath === ''
          ? pulumi.interpolate`https://${domainName}`
          : pulumi.interpolate`https://${domainName}/${basePath}`;
      this.domainTarget = this.domainName.regionalDomainName;
    } else {
      this.domainName = undefined;
      this.domainTarget = undefined;
    }

    if (settings.healthCheckEnabled) {
      const rule = new aws.cloudwatch.EventRule(
        `${id}-health-schedule`,
        {
          name: `${name}-health`,
          description: 'Runs the MCP gateway health checker.',
          scheduleExpression: settings.healthCheckSchedule,
          tags,
        },
        parent,
      );
      new aws.cloudwatch.EventTarget(
        `${id}-health-target`,
        { rule: rule.name, arn: functions.health.arn },
        parent,
      );
      new aws.lambda.Permission(
        `${id}-health-schedule-permission`,
        {
          statementId: 'AllowEventBridgeInvoke',
          action: 'lambda:InvokeFunction',
          function: functions.health.name,
          principal: 'events.amazonaws.com',
          sourceArn: rule.arn,
        },
        parent,
      );
      // a run that failed is not run again by Lambda's async retries: the next scheduled one comes anyway,
      // and retries would probe every upstream (and sync every registry) two more times in between
      new aws.lambda.FunctionEventInvokeConfig(
        `${id}-health-invoke-config`,
        {
          functionName: functions.health.name,
          maximumRetryAttempts: 0,
          maximumEventAgeInSeconds: HEALTH_EVENT_AGE_SECONDS,
        },
        parent,
      );
      this.healthSchedule = rule;
    } else {
      this.healthSchedule = undefined;
    }

    this.stageUrl = this.stage.invokeUrl;
    this.gatewayUrl = pulumi.interpolate`${baseUrl}/mcp`;
    this.managementUrl = pulumi.interpolate`${baseUrl}/v1`;
    this.tableName = this.table.name;
    this.adminKeySecretArn = this.adminKeySecret.arn;
    this.vaultKmsKeyArn = this.vaultKey.arn;
    this.registerOutputs({
      gatewayUrl: this.gatewayUrl,
      managementUrl: this.managementUrl,
      stageUrl: this.stageUrl,
      tableName: this.tableName,
      adminKeySecretArn: this.adminKeySecretArn,
      vaultKmsKeyArn: this.vaultKmsKeyArn,
      ...(this.domainTarget ? { domainTarget: this.domainTarget } : {}),
    });
  }

  private environmentFor(
    kind: FunctionKind,
    settings: Settings,
    given: Record<string, pulumi.Input<string>>,
  ): Record<string, pulumi.Input<string>> {
    return {
      ...given,
      ...derivedEnvironment(settings, kind),
      MCP_GATEWAY_TABLE: this.table.name,
      ...(settings.sourceMaps ? { NODE_OPTIONS: '--enable-source-maps' } : {}),
      ...(kind === 'management' ? { MCP_GATEWAY_ADMIN_KEY_SECRET_ARN: this.adminKeySecret.arn } : {}),
      MCP_GATEWAY_VAULT_KMS_KEY: this.vaultKey.arn,
    };
  }
}
