/**
 * The `FunctionInvoker` port on the AWS SDK's Lambda client: a synchronous `Invoke` per call. The client
 * takes its region, credentials and endpoint from the SDK's standard settings, so
 * `AWS_ENDPOINT_URL_LAMBDA` points it at any Invoke-compatible endpoint (the local runner's own, for one).
 */
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { GatewayError } from '../core/errors.js';
import { isLoopbackHost } from '../core/url-guard.js';
import type { FunctionInvoker } from '../mcp/upstream/lambda.js';

/** Throttling and service faults: another try may succeed (the retry policy decides). */
const TRANSIENT = new Set([
  'TooManyRequestsException',
  'ServiceException',
  'EC2ThrottledException',
  'ResourceNotReadyException',
  'ResourceConflictException',
]);

/**
 * Lambda's Invoke API served on this machine (`--lambda`, or an emulator on loopback): no AWS account
 * behind it, so dummy credentials and a default region instead of the SDK probing for real ones. Any
 * other endpoint takes the SDK's standard settings, whatever a local store needed.
 */
export function loopbackInvokeSettings(env: NodeJS.ProcessEnv): {
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
} {
  const endpoint = env['AWS_ENDPOINT_URL_LAMBDA'];
  let host: string | undefined;
  try {
    host = endpoint === undefined ? undefined : new URL(endpoint).hostname;
  } catch {
    host = undefined;
  }
  if (host === undefined || !isLoopbackHost(host)) return {};
  return {
    region: env['AWS_REGION'] ?? 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
}

/** The region a function's ARN names (`arn:<partition>:lambda:<region>:<account>:function:…`); none for a name. */
export const regionOfFunction = (name: string): string | undefined =>
  /^arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):\d{12}:function:/.exec(name)?.[1];

/**
 * Invokes each function in its own region: Lambda refuses a function of another region ("not reachable
 * in this region"), and a server's `function` may name any by its ARN. One client per region, made on
 * first use (`clientFor` stands in for the SDK's in tests); a name without a region goes to the SDK's
 * default region, and a local Invoke endpoint serves every function, whatever its ARN says.
 */
export function awsFunctionInvoker(
  clientFor?: (region: string | undefined) => LambdaClient,
): FunctionInvoker {
  const clients = new Map<string, LambdaClient>();
  return {
    async invoke(functionName, payload, signal) {
      // the SDK's Lambda client is loaded for the first call of a Lambda-hosted server, not at start-up
      const { InvokeCommand, LambdaClient, LambdaServiceException } = await import('@aws-sdk/client-lambda');
      const settings = loopbackInvokeSettings(process.env);
      const region = settings.region === undefined ? regionOfFunction(functionName) : undefined;
      let lambda = clients.get(region ?? '');
      if (lambda === undefined) {
        lambda =
          clientFor?.(region) ??
          new LambdaClient({ maxAttempts: 1, ...settings, ...(region !== undefined ? { region } : {}) });
        clients.set(region ?? '', lambda);
      }
      try {
        const output = await lambda.send(
          new InvokeCommand({
            FunctionName: functionName,
            InvocationType: 'RequestResponse',
            Payload: payload,
          }),
          { abortSignal: signal },
        );
        return {
          payload: output.Payload ?? new Uint8Array(),
          ...(output.FunctionError !== undefined ? { functionError: output.FunctionError } : {}),
        };
      } catch (error) {
        // no credentials is the deployment's fault, not the function's unavailability
        if ((error as { name?: unknown }).name === 'CredentialsProviderError')
          throw new GatewayError('upstream_error', `No AWS credentials to invoke function ${functionName}.`);
        if (!(error instanceof LambdaServiceException)) throw error;
        // the service's own refusals name the function, never its error messages' internals
        if (error.name === 'RequestTooLargeException')
          throw new GatewayError(
            'payload_too_large',
            `The message is too large for function ${functionName}.`,
          );
        if (TRANSIENT.has(error.name))
          throw new GatewayError(
            'upstream_unavailable',
            `Function ${functionName} cannot take the call now (${error.name}).`,
          );
        throw new GatewayError('upstream_error', `Invoking function ${functionName} failed (${error.name}).`);
      }
    },
  };
}
