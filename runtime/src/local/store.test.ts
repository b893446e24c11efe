import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from './store.js';

const closers: Array<() => void> = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

/** A loopback endpoint answering every request with `answer`. */
async function endpointAnswering(answer: (response: import('node:http').ServerResponse) => void) {
  const server = createServer((_request, response) => answer(response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => server.close());
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('opening a shared store', () => {
  it('passes DynamoDB’s own refusals on as they are', async () => {
    const endpoint = await endpointAnswering((response) => {
      response.statusCode = 400;
      response.setHeader('content-type', 'application/x-amz-json-1.0');
      response.end(
        JSON.stringify({
          __type: 'com.amazonaws.dynamodb.v20120810#UnrecognizedClientException',
          message: 'The security token included in the request is invalid.',
        }),
      );
    });
    await expect(openStore({ kind: 'table', tableName: 'mcp-gateway', endpoint })).rejects.toThrow(
      /^The security token included in the request is invalid\.$/,
    );
  });

  it('says an endpoint that answers in another protocol is no DynamoDB endpoint', async () => {
    const page = createServer((_request, response) => {
      response.setHeader('content-type', 'text/html');
      response.end('<!DOCTYPE html><html></html>');
    });
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
    closers.push(() => page.close());
    const endpoint = `http://127.0.0.1:${(page.address() as AddressInfo).port}`;
    await expect(openStore({ kind: 'table', tableName: 'mcp-gateway', endpoint })).rejects.toThrow(
      `The endpoint ${endpoint} does not answer as DynamoDB does: give a DynamoDB endpoint (another gateway's --store-port, DynamoDB Local).`,
    );
  });

  it('says so of one answering JSON errors of its own too (a gateway’s port given as the store’s)', async () => {
    const endpoint = await endpointAnswering((response) => {
      response.statusCode = 404;
      response.setHeader('content-type', 'application/problem+json');
      response.end(JSON.stringify({ status: 404, code: 'route_not_found', title: 'No such route' }));
    });
    await expect(openStore({ kind: 'table', tableName: 'mcp-gateway', endpoint })).rejects.toThrow(
      `The endpoint ${endpoint} does not answer as DynamoDB does`,
    );
  });
});
