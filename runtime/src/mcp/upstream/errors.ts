import { GatewayError } from '../../core/errors.js';

/** Maps a failed fetch to a typed error that names the server, never a stack trace. */
export function upstreamFailure(name: string, error: unknown, timedOut: boolean): GatewayError {
  if (error instanceof GatewayError) return error;
  if (timedOut)
    return new GatewayError('upstream_timeout', `Upstream server "${name}" did not answer in time.`);
  const cause = (error as { cause?: { code?: string } } | undefined)?.cause?.code;
  const reason = cause !== undefined ? ` (${cause})` : '';
  return new GatewayError('upstream_unavailable', `Upstream server "${name}" is unreachable${reason}.`, {
    cause: error,
  });
}

/** An abort signal that fires on the client's signal or after the server's timeout, and tells which. */
export function deadline(
  signal: AbortSignal,
  timeoutMs: number,
): { signal: AbortSignal; timedOut: () => boolean } {
  const timeout = AbortSignal.timeout(timeoutMs);
  return { signal: AbortSignal.any([signal, timeout]), timedOut: () => timeout.aborted };
}
