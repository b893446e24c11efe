/** The provider block: `endpoint` and `api_key`, each falling back to its environment variable. */
import type { ObjectValue } from '../codec/value.js';
import { isUnknown } from '../codec/value.js';
import type { AttributeModel } from '../model/types.js';
import { errorDiagnostic } from '../protocol/diagnostics.js';
import type { Diagnostic } from '../protocol/messages.js';

export const DEFAULT_ENDPOINT = 'http://127.0.0.1:8787';

const base = {
  computed: false,
  writeOnly: false,
  immutable: false,
  volatile: false,
  createOnly: false,
} as const;

export const providerConfigAttributes: AttributeModel[] = [
  {
    ...base,
    name: 'endpoint',
    apiName: null,
    description: `Base URL of the gateway (its management API is \`<endpoint>/v1\`, e.g. a deployment's \`stage_url\` output). Defaults to \`MCPGATEWAY_ENDPOINT\`, else \`${DEFAULT_ENDPOINT}\`.`,
    type: { kind: 'string' },
    required: false,
    optional: true,
    sensitive: false,
  },
  {
    ...base,
    name: 'api_key',
    apiName: null,
    description:
      "Admin key, or an identity provider's access token, for the management API. Defaults to `MCPGATEWAY_API_KEY`.",
    type: { kind: 'string' },
    required: false,
    optional: true,
    sensitive: true,
  },
];

export interface ProviderSettings {
  endpoint: string;
  apiKey: string;
}

export function validateProviderConfig(config: ObjectValue): Diagnostic[] {
  const endpoint = config['endpoint'];
  // empty is unset, as configuring reads it (a variable defaulting to "": the environment's endpoint)
  if (typeof endpoint === 'string' && endpoint !== '') {
    const problem = endpointProblem(endpoint);
    if (problem) return [errorDiagnostic('Invalid endpoint', problem, ['endpoint'])];
  }
  return [];
}

export function resolveProviderConfig(
  config: ObjectValue,
  env: NodeJS.ProcessEnv,
): { settings?: ProviderSettings; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  for (const name of ['endpoint', 'api_key']) {
    if (isUnknown(config[name])) {
      diagnostics.push(
        errorDiagnostic(
          `Provider ${name} not known yet`,
          `The provider's ${name} depends on a value known only after apply; use a literal, a variable or the environment.`,
          [name],
        ),
      );
    }
  }
  if (diagnostics.length > 0) return { diagnostics };
  const endpoint = stringOr(config['endpoint'], env['MCPGATEWAY_ENDPOINT']) ?? DEFAULT_ENDPOINT;
  const apiKey = stringOr(config['api_key'], env['MCPGATEWAY_API_KEY']);
  const problem = endpointProblem(endpoint);
  if (problem) diagnostics.push(errorDiagnostic('Invalid endpoint', problem, ['endpoint']));
  if (!apiKey) {
    diagnostics.push(
      errorDiagnostic(
        'Missing API key',
        'Set api_key in the provider block or the MCPGATEWAY_API_KEY environment variable to the gateway admin key or an access token.',
        ['api_key'],
      ),
    );
  }
  if (diagnostics.length > 0 || !apiKey) return { diagnostics };
  return { settings: { endpoint, apiKey }, diagnostics };
}

function stringOr(value: unknown, fallback: string | undefined): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  return fallback && fallback !== '' ? fallback : undefined;
}

function endpointProblem(endpoint: string): string | undefined {
  try {
    const url = new URL(endpoint);
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      return `${url.protocol} is not http:// or https://: the endpoint must be an http(s) URL.`;
    // the endpoint is logged and shown in diagnostics: the admin key goes in api_key, never in the URL
    if (url.username !== '' || url.password !== '' || url.search !== '')
      return 'The endpoint must not carry credentials or a query (user info, ?…): set the admin key in api_key.';
    return undefined;
  } catch {
    return `The endpoint is not a URL (expected e.g. ${DEFAULT_ENDPOINT}).`;
  }
}
