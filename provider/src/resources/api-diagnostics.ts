/** API failures → diagnostics: the problem's title and detail, one diagnostic per invalid field. */
import { ApiError } from '../client/api-client.js';
import type { AttributeModel } from '../model/types.js';
import { DiagnosticsError, errorDiagnostic } from '../protocol/diagnostics.js';
import type { Diagnostic } from '../protocol/messages.js';
import { pointerToPath } from './mapper.js';

/** A 404 for the path itself (the API has no such route), which says nothing of the object asked for. */
export const isNoRoute = (error: ApiError): boolean => error.problem?.code === 'route_not_found';

/**
 * Whether the object asked for is gone: the gateway's own 404 for it (`not_found`). Any other 404 — a
 * route the API does not have, a proxy's or load balancer's page in front of the wrong URL — says
 * nothing of the object: taking it for gone would drop every resource from the state.
 */
export const isGone = (error: unknown): boolean =>
  error instanceof ApiError && error.status === 404 && error.problem?.code === 'not_found';

export function apiDiagnostics(
  error: unknown,
  action: string,
  attributes: readonly AttributeModel[],
): Diagnostic[] {
  if (error instanceof DiagnosticsError) return error.diagnostics;
  if (!(error instanceof ApiError)) {
    const message = error instanceof Error ? error.message : String(error);
    return [errorDiagnostic(`Failed to ${action}`, message)];
  }
  const diagnostics = diagnosticsOf(error, action, attributes);
  if (!error.outcomeUnknown) return diagnostics;
  for (const diagnostic of diagnostics) diagnostic.detail = `${diagnostic.detail ?? ''}\n\n${unknownOutcome}`;
  return diagnostics;
}

const unknownOutcome =
  'The change may have been applied before the failure, so it was not sent again (a create sent twice ' +
  'would make a second object or find its name taken; a conditional write would find its own change). Run ' +
  'terraform plan (or apply) again to compare against the gateway: an object created meanwhile shows as a ' +
  'name already taken, and is taken over with terraform import <address> name=<name>.';

/** A text ending in one full stop (a problem's detail has its own already). */
const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

function diagnosticsOf(error: ApiError, action: string, attributes: readonly AttributeModel[]): Diagnostic[] {
  if (error.status === 0 && error.outcomeUnknown)
    // it was reached: the answer was lost on the way, or came too late
    return [errorDiagnostic(`Failed to ${action}: no answer from the gateway`, `${error.message}.`)];
  if (error.status === 0) {
    return [
      errorDiagnostic(
        `Failed to ${action}: gateway unreachable`,
        `${sentence(error.message)} Check the provider's endpoint (or MCPGATEWAY_ENDPOINT) and that the gateway is running.`,
      ),
    ];
  }
  if (error.status >= 200 && error.status < 300)
    return [
      errorDiagnostic(`Failed to ${action}: the endpoint did not answer as the gateway does`, error.message),
    ];
  const problem = error.problem;
  const title = problem?.title ?? `HTTP ${error.status}`;
  const summary = `Failed to ${action}: ${title} (HTTP ${error.status}, ${error.code})`;
  if (error.status === 412) {
    return [
      errorDiagnostic(
        summary,
        `${problem?.detail ?? 'The object changed since Terraform last read it.'} Someone else modified it concurrently; ` +
          'run terraform apply again to plan against the current version.',
      ),
    ];
  }
  if (isNoRoute(error)) {
    return [
      errorDiagnostic(
        summary,
        `${problem?.detail ?? error.message} Check the provider's endpoint (or MCPGATEWAY_ENDPOINT): it is the gateway's base URL, without /v1.`,
      ),
    ];
  }
  if (error.status === 401 || error.status === 403) {
    return [
      errorDiagnostic(
        summary,
        `${sentence(problem?.detail ?? error.message)} Check the provider's api_key (or MCPGATEWAY_API_KEY).`,
      ),
    ];
  }
  const fieldErrors = problem?.errors ?? [];
  if (fieldErrors.length === 0) return [errorDiagnostic(summary, problem?.detail ?? error.message)];
  return fieldErrors.map((field) =>
    errorDiagnostic(
      summary,
      // a rule over the whole object points at its root (""): the detail stands alone
      `${field.pointer === '' ? 'the object' : field.pointer}: ${field.detail}${problem?.detail ? ` (${problem.detail})` : ''}`,
      pointerToPath(attributes, field.pointer),
    ),
  );
}
