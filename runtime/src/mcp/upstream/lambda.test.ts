import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import type { JsonRpcMessage } from '../jsonrpc.js';
import { decodeFunctionAnswer, type FunctionInvoker, LambdaTransport } from './lambda.js';
import type { UpstreamTarget } from './types.js';

const target: UpstreamTarget = {
  name: 'fn',
  url: 'lambda:fn',
  function: 'fn',
  headers: { 'X-User-Id': 'ada' },
  timeoutMs: 1000,
  maxMessageBytes: 10_000,
};

/** Answers each request by echoing its method; records the payloads. */
function recording(answer?: (message: Record<string, unknown>) => unknown): {
  invoker: FunctionInvoker;
  payloads: unknown[];
} {
  const payloads: unknown[] = [];
  return {
    payloads,
    invoker: {
      async invoke(_fn, payload) {
        const event = JSON.parse(Buffer.from(payload).toString()) as { message: Record<string, unknown> };
        payloads.push(event);
        const value =
          answer?.(event.message) ??
          (event.message['id'] === undefined
            ? null
            : { jsonrpc: '2.0', id: event.message['id'], result: { method: event.message['method'] } });
        return { payload: Buffer.from(JSON.stringify(value)) };
      },
    },
  };
}

const post = (transport: LambdaTransport, messages: JsonRpcMessage[], batch = messages.length > 1) =>
  transport.post(target, {
    body: JSON.stringify(batch ? messages : messages[0]),
    messages,
    session: { gatewaySessionId: 's' },
    signal: new AbortController().signal,
  });

const text = async (body: AsyncIterable<Uint8Array> | undefined) => {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body ?? []) chunks.push(chunk);
  return Buffer.concat(chunks).toString();
};

describe('LambdaTransport', () => {
  it('invokes once per message of a batch and answers the responses as one array', async () => {
    const { invoker, payloads } = recording();
    const reply = await post(new LambdaTransport(invoker), [
      { jsonrpc: '2.0', id: 1, method: 'tools/list' },
      { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 0 } },
      { jsonrpc: '2.0', id: 2, method: 'ping' },
    ]);
    expect(payloads).toHaveLength(3);
    expect(payloads[0]).toMatchObject({ headers: { 'x-user-id': 'ada' } });
    expect(reply.contentType).toBe('application/json');
    expect(JSON.parse(await text(reply.body))).toEqual([
      { jsonrpc: '2.0', id: 1, result: { method: 'tools/list' } },
      { jsonrpc: '2.0', id: 2, result: { method: 'ping' } },
    ]);
  });

  it('takes from each invocation of a batch only its own response: none answers another request', async () => {
    // the first invocation answers for the second too, wrongly; the second's own answer is the one kept
    const { invoker } = recording((message) =>
      message['id'] === 1
        ? [
            { jsonrpc: '2.0', id: 1, result: { mine: 1 } },
            { jsonrpc: '2.0', id: 2, result: { forged: true } },
          ]
        : { jsonrpc: '2.0', id: message['id'], result: { mine: message['id'] } },
    );
    const reply = await post(new LambdaTransport(invoker), [
      { jsonrpc: '2.0', id: 1, method: 'tools/list' },
      { jsonrpc: '2.0', id: 2, method: 'ping' },
    ]);
    expect(JSON.parse(await text(reply.body))).toEqual([
      { jsonrpc: '2.0', id: 1, result: { mine: 1 } },
      { jsonrpc: '2.0', id: 2, result: { mine: 2 } },
    ]);
  });

  it('answers each request of a batch on its own: one failed invocation takes nothing from the others', async () => {
    const invoked: unknown[] = [];
    const invoker: FunctionInvoker = {
      async invoke(_fn, payload) {
        const { message } = JSON.parse(Buffer.from(payload).toString()) as { message: { id: number } };
        invoked.push(message.id);
        if (message.id === 2)
          return { functionError: 'Unhandled', payload: Buffer.from('{"errorType":"Boom"}') };
        await new Promise((resolve) => setTimeout(resolve, 20)); // still running when the other fails
        return { payload: Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: message.id, result: {} })) };
      },
    };
    const reply = await post(new LambdaTransport(invoker), [
      { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'create_ticket' } },
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'broken' } },
    ]);
    expect(invoked).toEqual([1, 2]);
    expect(JSON.parse(await text(reply.body))).toEqual([
      { jsonrpc: '2.0', id: 1, result: {} },
      {
        jsonrpc: '2.0',
        id: 2,
        error: expect.objectContaining({
          message: 'Lambda server "fn" failed (Boom).',
          data: { code: 'upstream_error' },
        }),
      },
    ]);
  });

  it('fails a batch whose every invocation failed, as a single failed one (the circuit breaker counts it)', async () => {
    const failing: FunctionInvoker = {
      invoke: async () => ({ functionError: 'Unhandled', payload: Buffer.from('{"errorType":"Throttled"}') }),
    };
    await expect(
      post(new LambdaTransport(failing), [
        { jsonrpc: '2.0', id: 1, method: 'ping' },
        { jsonrpc: '2.0', id: 2, method: 'ping' },
      ]),
    ).rejects.toMatchObject({ code: 'upstream_error', message: 'Lambda server "fn" failed (Throttled).' });
  });

  it('answers a lone notification with 202 and gives initialize a session', async () => {
    const transport = new LambdaTransport(recording().invoker);
    expect((await post(transport, [{ jsonrpc: '2.0', method: 'notifications/initialized' }])).status).toBe(
      202,
    );
    const init = await post(transport, [{ jsonrpc: '2.0', id: 0, method: 'initialize', params: {} }]);
    expect(init.sessionId).toMatch(/^lambda-/);
  });

  it('streams the notifications a function sent before its response', async () => {
    const { invoker } = recording((m) => [
      { jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 't', progress: 1 } },
      { jsonrpc: '2.0', id: m['id'], result: {} },
    ]);
    const reply = await post(new LambdaTransport(invoker), [{ jsonrpc: '2.0', id: 7, method: 'tools/call' }]);
    expect(reply.contentType).toBe('text/event-stream');
    const body = await text(reply.body);
    expect(body.indexOf('notifications/progress')).toBeLessThan(body.indexOf('"id":7'));
  });

  it('refuses without a function client, and names function errors by type only', async () => {
    await expect(
      post(new LambdaTransport(undefined), [{ jsonrpc: '2.0', id: 1, method: 'ping' }]),
    ).rejects.toMatchObject({
      code: 'upstream_unavailable',
    });
    const failing: FunctionInvoker = {
      invoke: async () => ({
        functionError: 'Unhandled',
        payload: Buffer.from(JSON.stringify({ errorType: 'Boom', errorMessage: 'secret detail' })),
      }),
    };
    const error = await post(new LambdaTransport(failing), [{ jsonrpc: '2.0', id: 1, method: 'ping' }]).catch(
      (e: GatewayError) => e,
    );
    expect(error).toMatchObject({ code: 'upstream_error', message: 'Lambda server "fn" failed (Boom).' });
  });

  it('ends an invocation at the timeout', async () => {
    const hanging: FunctionInvoker = {
      invoke: (_fn, _payload, signal) =>
        new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))),
    };
    await expect(
      post(new LambdaTransport(hanging), [{ jsonrpc: '2.0', id: 1, method: 'ping' }]),
    ).rejects.toMatchObject({ code: 'upstream_timeout' });
  });

  it('refuses a function that leaves a request unanswered', async () => {
    const { invoker } = recording(() => ({ jsonrpc: '2.0', method: 'notifications/message', params: {} }));
    await expect(
      post(new LambdaTransport(invoker), [{ jsonrpc: '2.0', id: 1, method: 'ping' }]),
    ).rejects.toThrow(/answered no response to request 1/);
  });

  it('refuses an answer over the message limit', async () => {
    const { invoker } = recording((m) => ({
      jsonrpc: '2.0',
      id: m['id'],
      result: { pad: 'x'.repeat(20_000) },
    }));
    await expect(
      post(new LambdaTransport(invoker), [{ jsonrpc: '2.0', id: 1, method: 'ping' }]),
    ).rejects.toThrow(/more than the message limit of 10000 bytes/);
  });
});

describe('decodeFunctionAnswer', () => {
  it('reads null, one message or a list, and refuses anything else with an upstream error', () => {
    expect(decodeFunctionAnswer('fn', 'null')).toEqual([]);
    expect(decodeFunctionAnswer('fn', '{"jsonrpc":"2.0","id":1,"result":{}}')).toHaveLength(1);
    expect(() => decodeFunctionAnswer('fn', '{"oops":1}')).toThrow(/not JSON-RPC/);
    expect(() => decodeFunctionAnswer('fn', '{')).toThrow(/not JSON/);
  });

  it('never fails with anything but a typed error, whatever a function answers', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string()), (answer) => {
        try {
          decodeFunctionAnswer('fn', answer);
        } catch (error) {
          expect(error).toBeInstanceOf(GatewayError);
        }
      }),
      { numRuns: 300 },
    );
  });
});
