/**
 * Lambda-hosted MCP servers: a `lambda` server is an AWS Lambda function invoked synchronously with one
 * JSON-RPC message per invocation (a batch is one invocation per message, in parallel).
 *
 * The payload in:  `{"message": <JSON-RPC message>, "headers": {<lower-case name>: <value>}}` — the headers
 *   are the server's own (`headers`) and the caller's forwarded identity (`identity`), never the client's
 *   credential.
 * The payload out: the JSON-RPC response, or an array of messages — notifications the function sent while
 *   handling the request (progress, logging), then the response — or `null` for a notification.
 *
 * A function error (the `X-Amz-Function-Error` result) is an upstream error, an invocation over the
 * server's timeout an upstream timeout, and payloads are bounded both ways. The AWS SDK adapter lives in
 * `lambda/invoker.ts`; `lambda/mcp-function.ts` turns any MCP SDK server into such a function.
 */
import { randomUUID } from 'node:crypto';
import { GatewayError, toJsonRpcError } from '../../core/errors.js';
import { errorResponse, isRequest, type JsonRpcMessage, upstreamMessage } from '../jsonrpc.js';
import { encodeSseMessage } from '../sse.js';
import { deadline, UpstreamServerError, upstreamFailure } from './errors.js';
import type {
  UpstreamPost,
  UpstreamReply,
  UpstreamSession,
  UpstreamTarget,
  UpstreamTransport,
} from './types.js';

/** Lambda's limit on a synchronous invocation's request and response payloads. */
export const LAMBDA_PAYLOAD_BYTES = 6 * 1024 * 1024;

export interface FunctionResult {
  payload: Uint8Array;
  /** Set when the function failed (`Unhandled`, `Handled`); the payload then describes the error. */
  functionError?: string;
}

/** Invokes a function synchronously (the port; the AWS SDK adapter is `lambda/invoker.ts`). */
export interface FunctionInvoker {
  invoke(functionName: string, payload: Uint8Array, signal: AbortSignal): Promise<FunctionResult>;
}

const protocolError = (name: string, detail: string) =>
  new GatewayError('upstream_error', `Lambda server "${name}" ${detail}.`);

/** The messages a function answered (see the payload format above). */
export function decodeFunctionAnswer(name: string, text: string): JsonRpcMessage[] {
  let value: unknown;
  try {
    value = text.trim() === '' ? null : JSON.parse(text);
  } catch {
    throw protocolError(name, 'answered something that is not JSON');
  }
  if (value === null) return [];
  try {
    return (Array.isArray(value) ? value : [value]).map(upstreamMessage);
  } catch {
    throw protocolError(name, 'answered something that is not JSON-RPC');
  }
}

/** What a failed invocation says of itself: its error type only (its message may carry internals). */
function functionFailure(name: string, result: FunctionResult): GatewayError {
  let type = result.functionError ?? 'Unhandled';
  try {
    const described = JSON.parse(Buffer.from(result.payload).toString('utf8')) as { errorType?: unknown };
    if (typeof described.errorType === 'string') type = described.errorType.slice(0, 128);
  } catch {
    // no description
  }
  // the function ran out of its own time (Lambda's timeout)
  if (type === 'Sandbox.Timedout')
    return new GatewayError('upstream_timeout', `Lambda server "${name}" ran out of its function's time.`);
  return new UpstreamServerError(`Lambda server "${name}" failed (${type}).`);
}

export class LambdaTransport implements UpstreamTransport {
  constructor(private readonly invoker: FunctionInvoker | undefined) {}

  async post(target: UpstreamTarget, call: UpstreamPost): Promise<UpstreamReply> {
    const fn = target.function;
    if (fn === undefined) throw protocolError(target.name, 'names no function');
    if (this.invoker === undefined)
      throw new GatewayError(
        'upstream_unavailable',
        `Lambda server "${target.name}" cannot be reached: this gateway has no Lambda client.`,
      );
    const invoker = this.invoker;
    const headers = Object.fromEntries(Object.entries(target.headers).map(([k, v]) => [k.toLowerCase(), v]));
    const limit = deadline(call.signal, target.timeoutMs, target.name);
    const signal = limit.signal;
    const timedOut = () =>
      new GatewayError('upstream_timeout', `Lambda server "${target.name}" did not answer in time.`);
    // in a batch, each message is its own invocation and gets its own answer: a failed one answers its
    // request with an error, the others (which ran) with theirs
    const batch = call.body.trimStart().startsWith('[');
    /** A batch's failed invocations: all of them failing is the function failing (its circuit's concern). */
    const failures: GatewayError[] = [];
    let answers: JsonRpcMessage[][];
    try {
      answers = await Promise.all(
        call.messages
          .map(async (message) => {
            const payload = Buffer.from(JSON.stringify({ message, headers }));
            if (payload.byteLength > LAMBDA_PAYLOAD_BYTES)
              throw new GatewayError(
                'payload_too_large',
                `The message is over Lambda's payload limit of ${LAMBDA_PAYLOAD_BYTES} bytes.`,
              );
            const result = await invoker.invoke(fn, payload, signal);
            if (result.functionError !== undefined) throw functionFailure(target.name, result);
            const max = Math.min(target.maxMessageBytes, LAMBDA_PAYLOAD_BYTES);
            if (result.payload.byteLength > max)
              throw protocolError(target.name, `answered more than the message limit of ${max} bytes`);
            const messages = decodeFunctionAnswer(target.name, Buffer.from(result.payload).toString('utf8'));
            // only a request has an answer (what comes for a notification is dropped), and it must come
            if (!isRequest(message)) return [];
            if (!messages.some((m) => !('method' in m) && 'id' in m && m.id === message.id))
              throw protocolError(
                target.name,
                `answered no response to request ${JSON.stringify(message.id)}`,
              );
            // its own response (and notifications): one naming another request of a batch is not its to give
            return messages.filter((m) => 'method' in m || m.id === message.id);
          })
          .map((invocation, index) => {
            const message = call.messages[index]!;
            if (!batch) return invocation;
            return invocation.catch((error: unknown): JsonRpcMessage[] => {
              const failure = limit.timedOut() ? timedOut() : upstreamFailure(target.name, error, false);
              failures.push(failure);
              if (!isRequest(message)) return [];
              return [errorResponse(message.id, toJsonRpcError(failure))];
            });
          }),
      );
    } catch (error) {
      if (limit.timedOut()) throw timedOut();
      throw upstreamFailure(target.name, error, false);
    } finally {
      limit.end();
    }
    if (batch && failures.length === call.messages.length) throw failures[0]!;
    const initialize = call.messages.some((m) => isRequest(m) && m.method === 'initialize');
    const session = initialize ? { sessionId: `lambda-${randomUUID()}` } : {};
    const all = answers.flat();
    if (all.length === 0) return { status: 202 };
    // a single request's notifications stream before its answer; a batch answers its responses only
    const text =
      batch || all.length === 1
        ? JSON.stringify(batch ? all.filter((m) => !('method' in m)) : all[0])
        : all.map((m) => encodeSseMessage(JSON.stringify(m))).join('');
    return {
      status: 200,
      contentType: batch || all.length === 1 ? 'application/json' : 'text/event-stream',
      ...session,
      body: (async function* () {
        yield Buffer.from(text);
      })(),
    };
  }

  /** A function has no server→client stream. */
  async listen(): Promise<UpstreamReply> {
    return { status: 405 };
  }

  async terminate(_target: UpstreamTarget, _session: UpstreamSession): Promise<void> {}
}
