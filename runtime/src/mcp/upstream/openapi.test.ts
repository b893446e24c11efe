import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import { fetchHttpClient } from '../../core/http-client.js';
import { createUrlGuard } from '../../core/url-guard.js';
import { UpstreamRefusedCredentials, UpstreamUnreachable } from './errors.js';
import { OpenApiTransport, operationsOf, suppliedBy } from './openapi.js';
import type { UpstreamTarget } from './types.js';

const guard = createUrlGuard({ allowLoopback: true, allowPrivate: false });

describe('operationsOf', () => {
  it('names tools, keeps same-named parameters apart, turns 3.0 nullable into a type union', () => {
    const api = operationsOf({
      openapi: '3.0.3',
      paths: {
        '/items/{id}': {
          get: {
            parameters: [
              { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
              { name: 'id', in: 'query', schema: { type: 'integer', nullable: true } },
            ],
            responses: {
              '200': { description: 'ok', content: { 'application/json': { schema: { type: 'array' } } } },
            },
          },
          put: { operationId: 'replace item!', responses: {} },
        },
      },
    });
    expect([...api.operations.keys()]).toEqual(['get_items_id_', 'replace_item_']);
    const get = api.operations.get('get_items_id_')!;
    expect(get.tool['inputSchema']).toEqual({
      type: 'object',
      properties: { path_id: { type: 'string' }, query_id: { type: ['integer', 'null'] } },
      required: ['path_id'],
    });
    // an array answer has no output schema (MCP's describe objects)
    expect(get.tool['outputSchema']).toBeUndefined();
    expect(api.operations.get('replace_item_')!.tool['annotations']).toMatchObject({ idempotentHint: true });
    // the path's `{id}` is an argument though this operation does not declare it
    expect(api.operations.get('replace_item_')!.tool['inputSchema']).toEqual({
      type: 'object',
      properties: { id: { type: 'string' } },
      required: ['id'],
    });
  });

  it('makes schemas that accept what the API answers: nullable references, siblings of a $ref, several successes', () => {
    const user = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] };
    const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });
    const api = operationsOf({
      openapi: '3.1.0',
      components: {
        schemas: {
          User: user,
          Pet: {
            type: 'object',
            properties: { kind: { type: 'string', enum: ['cat', 'dog'], nullable: true } },
          },
          Page: { type: 'object', properties: { total: { type: 'integer' } }, required: ['total'] },
        },
      },
      paths: {
        '/owned': {
          get: {
            operationId: 'owned',
            responses: {
              '200': json({
                type: 'object',
                properties: {
                  owner: { allOf: [{ $ref: '#/components/schemas/User' }], nullable: true },
                  typed: { type: 'object', allOf: [{ $ref: '#/components/schemas/User' }], nullable: true },
                  joined: {
                    $ref: '#/components/schemas/User',
                    properties: { age: { type: 'integer' } },
                    nullable: true,
                  },
                  dangling: { $ref: '#/components/schemas/Missing', type: 'string' },
                  keeper: { $ref: '#/components/schemas/User', nullable: true },
                  pet: { $ref: '#/components/schemas/Pet' },
                },
              }),
            },
          },
        },
        '/pets': {
          get: {
            operationId: 'pets',
            responses: {
              '200': json({
                $ref: '#/components/schemas/Page',
                properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Pet' } } },
              }),
            },
          },
        },
        '/report': {
          post: {
            operationId: 'report',
            responses: {
              '200': json({
                type: 'object',
                properties: { report: { type: 'string' } },
                required: ['report'],
              }),
              '202': json({ type: 'object', properties: { jobId: { type: 'string' } }, required: ['jobId'] }),
            },
          },
        },
      },
    });
    const ajv = new Ajv2020({ strict: false });
    const accepts = (tool: string, value: unknown) =>
      ajv.validate(api.operations.get(tool)!.tool['outputSchema'] as object, value);
    expect(
      accepts('owned', { owner: null, keeper: null, pet: { kind: null }, typed: null, joined: null }),
    ).toBe(true);
    expect(accepts('owned', { typed: { nick: 'x' } })).toBe(false);
    expect(accepts('owned', { joined: { name: 'ada', age: 'old' } })).toBe(false);
    // a reference to nothing constrains nothing beside its siblings
    expect(accepts('owned', { dangling: 'x' })).toBe(true);
    expect(accepts('owned', { dangling: 1 })).toBe(false);
    expect(accepts('owned', { owner: { name: 'ada' }, keeper: { name: 'bob' }, pet: { kind: 'cat' } })).toBe(
      true,
    );
    expect(accepts('owned', { owner: { nick: 'ada' } })).toBe(false);
    expect(accepts('owned', { pet: { kind: 'cow' } })).toBe(false);
    // self-contained (no $ref left), the page's own `total` still required beside the sibling's items
    expect(JSON.stringify(api.operations.get('pets')!.tool['outputSchema'])).not.toContain('$ref');
    expect(accepts('pets', { total: 1, items: [{ kind: 'dog' }] })).toBe(true);
    expect(accepts('pets', { items: [] })).toBe(false);
    expect(accepts('pets', { total: 1, items: [{ kind: 'cow' }] })).toBe(false);
    expect(accepts('report', { report: 'done' })).toBe(true);
    expect(accepts('report', { jobId: 'j1' })).toBe(true);
    expect(accepts('report', { other: 1 })).toBe(false);
  });

  it('asks for no header or cookie the server sets itself (its credentials, the identity it forwards)', () => {
    const document = {
      openapi: '3.0.3',
      paths: {
        '/x': {
          get: {
            operationId: 'x',
            parameters: [
              { name: 'X-Api-Key', in: 'header', required: true, schema: { type: 'string' } },
              { name: 'X-User', in: 'header', required: true, schema: { type: 'string' } },
              { name: 'sid', in: 'cookie', required: true, schema: { type: 'string' } },
              { name: 'theme', in: 'cookie', schema: { type: 'string' } },
              { name: 'X-Trace', in: 'header', schema: { type: 'string' } },
            ],
            responses: {},
          },
        },
      },
    };
    const supplied = suppliedBy({ 'x-api-key': 'k', Cookie: 'sid=s1; lang=en' }, ['x-user']);
    const api = operationsOf(document, undefined, 'api', supplied);
    const operation = api.operations.get('x')!;
    expect(operation.tool['inputSchema']).toEqual({
      type: 'object',
      properties: { theme: { type: 'string' }, 'X-Trace': { type: 'string' } },
    });
    expect(operation.parameters.map((p) => p.name)).toEqual(['theme', 'X-Trace']);
    // without them, each is the model's to give
    expect(Object.keys(operationsOf(document).operations.get('x')!.tool['inputSchema'] as object)).toContain(
      'required',
    );
  });

  it('keeps an operationId that is a tool name as it is for its own operation, whatever comes first', () => {
    const op = (operationId: string) => ({ operationId, responses: {} });
    const api = operationsOf({
      openapi: '3.0.3',
      paths: {
        '/a': { get: op('a b'), post: op('dup') },
        '/b': { get: op('a_b'), put: op('dup'), patch: op('dup_2') },
      },
    });
    const named = Object.fromEntries(
      [...api.operations.entries()].map(([name, o]) => [name, `${o.method.toUpperCase()} ${o.path}`]),
    );
    expect(named).toEqual({
      a_b: 'GET /b',
      a_b_2: 'GET /a',
      dup: 'POST /a',
      dup_2: 'PATCH /b',
      dup_3: 'PUT /b',
    });
  });

  it('turns 3.0 boolean exclusive bounds into 2020-12 numbers', () => {
    const api = operationsOf({
      openapi: '3.0.3',
      paths: {
        '/n': {
          get: {
            operationId: 'n',
            parameters: [
              { name: 'above', in: 'query', schema: { type: 'number', minimum: 0, exclusiveMinimum: true } },
              { name: 'below', in: 'query', schema: { type: 'number', maximum: 9, exclusiveMaximum: false } },
            ],
            responses: {},
          },
        },
      },
    });
    const properties = (api.operations.get('n')!.tool['inputSchema'] as { properties: object }).properties;
    expect(properties).toEqual({
      above: { type: 'number', exclusiveMinimum: 0 },
      below: { type: 'number', maximum: 9 },
    });
  });

  it('gives an output schema only when every success answers a JSON object', () => {
    const object = { content: { 'application/json': { schema: { type: 'object' } } } };
    const api = operationsOf({
      paths: {
        '/a': { get: { operationId: 'always', responses: { '200': object, '201': object } } },
        '/b': {
          post: { operationId: 'sometimes', responses: { '200': object, '204': { description: 'none' } } },
        },
      },
    });
    expect(api.operations.get('always')!.tool['outputSchema']).toEqual({ type: 'object' });
    expect(api.operations.get('sometimes')!.tool['outputSchema']).toBeUndefined();
  });

  it('keeps properties named like dropped keywords, takes any JSON body type, keeps `body` for the body', () => {
    const api = operationsOf({
      paths: {
        '/words/{id}': {
          patch: {
            operationId: 'patch',
            parameters: [
              { name: 'id', in: 'path', required: true },
              { name: 'body', in: 'query', schema: { type: 'string' } },
            ],
            requestBody: {
              required: true,
              content: {
                'application/merge-patch+json; charset=utf-8': {
                  schema: {
                    type: 'object',
                    example: { word: 'x' },
                    properties: { word: { type: 'string' }, example: { type: 'string', example: 'e.g.' } },
                    required: ['word', 'example'],
                  },
                },
              },
            },
            responses: {},
          },
        },
      },
    });
    const patch = api.operations.get('patch')!;
    expect(patch.body).toBe('application/merge-patch+json; charset=utf-8');
    expect(patch.tool['inputSchema']).toEqual({
      type: 'object',
      properties: {
        id: { type: 'string' },
        query_body: { type: 'string' },
        body: {
          type: 'object',
          properties: { word: { type: 'string' }, example: { type: 'string' } },
          required: ['word', 'example'],
        },
      },
      required: ['id', 'body'],
    });
  });

  it('keeps operations apart whose names clean up alike', () => {
    const api = operationsOf({
      paths: {
        '/v1/user_list': { get: { responses: {} } },
        '/v1/user/list': { get: { responses: {} } },
      },
    });
    expect([...api.operations.keys()]).toEqual(['get_v1_user_list', 'get_v1_user_list_2']);
    expect(api.operations.get('get_v1_user_list_2')?.path).toBe('/v1/user/list');
  });

  it('cuts a schema that contains itself (a YAML alias of itself) instead of recursing forever', () => {
    const node: Record<string, unknown> = { type: 'object' };
    node['properties'] = { next: node };
    const api = operationsOf({
      paths: {
        '/node': {
          post: {
            operationId: 'node',
            requestBody: { content: { 'application/json': { schema: node } } },
            responses: {},
          },
        },
      },
    });
    const body = (api.operations.get('node')!.tool['inputSchema'] as { properties: { body: unknown } })
      .properties.body;
    // cut off deep down: a finite schema, which JSON can write
    expect(JSON.stringify(body).length).toBeGreaterThan(100);
  });

  it('cuts cyclic $refs instead of recursing forever', () => {
    const api = operationsOf({
      components: {
        schemas: { Node: { type: 'object', properties: { next: { $ref: '#/components/schemas/Node' } } } },
      },
      paths: {
        '/node': {
          get: {
            operationId: 'node',
            responses: {
              '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } } },
            },
          },
        },
      },
    });
    expect(api.operations.get('node')!.tool['outputSchema']).toEqual({
      type: 'object',
      properties: { next: {} },
    });
  });
});

describe('calls of the openapi transport', () => {
  const requests: { url: string; headers: Record<string, string> }[] = [];
  const api = new OpenApiTransport({
    guard,
    http: fetchHttpClient((async (url: string, init?: RequestInit) => {
      requests.push({ url: String(url), headers: Object.fromEntries(new Headers(init?.headers).entries()) });
      if (new Headers(init?.headers).get('authorization') === 'Bearer revoked')
        return Response.json({ error: 'invalid_token' }, { status: 401 });
      return Response.json({ ok: true });
    }) as typeof fetch),
  });
  const document = {
    paths: {
      '/tenants/{tenant}/items': {
        get: {
          operationId: 'items',
          parameters: [
            { name: 'tenant', in: 'path', required: true },
            { name: 'X-User-Id', in: 'header' },
            { name: 'Authorization', in: 'header' },
            { name: 'X-Trace', in: 'header' },
            { name: 'session', in: 'cookie' },
          ],
          responses: {},
        },
      },
    },
  };
  const post = (
    args: Record<string, unknown>,
    headers: Record<string, string> = { authorization: 'Bearer server-token', 'x-user-id': 'olivia' },
    identityHeaders?: string[],
    obtainsCredentials?: boolean,
  ) =>
    api.post(
      {
        name: 'api',
        url: 'http://127.0.0.1:9',
        headers,
        ...(identityHeaders !== undefined ? { identityHeaders } : {}),
        ...(obtainsCredentials !== undefined ? { obtainsCredentials } : {}),
        timeoutMs: 1000,
        maxMessageBytes: 1024,
        openapi: { document },
      },
      {
        body: '',
        messages: [
          { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'items', arguments: args } },
        ],
        session: { gatewaySessionId: 's' },
        signal: new AbortController().signal,
      },
    );
  const resultOf = async (reply: Awaited<ReturnType<typeof post>>) => {
    let text = '';
    for await (const chunk of reply.body!) text += Buffer.from(chunk).toString('utf8');
    return JSON.parse(text).result as { isError?: boolean; content: { text: string }[] };
  };

  /** The wire text of the answer to one `items` call of an API that answers `answer` (the server's `url` and `headers`). */
  const answerText = async (
    answer: (url: string, init?: RequestInit) => Response,
    url: string,
    headers: Record<string, string>,
    identityHeaders?: string[],
  ) => {
    const transport = new OpenApiTransport({
      guard,
      http: fetchHttpClient((async (u: string, init?: RequestInit) =>
        answer(String(u), init)) as typeof fetch),
    });
    const reply = await transport.post(
      {
        name: 'api',
        url,
        headers,
        ...(identityHeaders !== undefined ? { identityHeaders } : {}),
        timeoutMs: 1000,
        maxMessageBytes: 4096,
        openapi: { document },
      },
      {
        body: '',
        messages: [
          {
            jsonrpc: '2.0',
            id: 1,
            method: 'tools/call',
            params: { name: 'items', arguments: { tenant: 'a' } },
          },
        ],
        session: { gatewaySessionId: 's' },
        signal: new AbortController().signal,
      },
    );
    let text = '';
    for await (const chunk of reply.body!) text += Buffer.from(chunk).toString('utf8');
    return text;
  };

  it.each([403, 200])(
    "never hands the caller the server's own credentials an API's answer repeats (HTTP %i)",
    async (status) => {
      const text = await answerText(
        (url, init) =>
          new Response(`denied ${new Headers(init?.headers).get('authorization')} at ${url}`, { status }),
        'http://127.0.0.1:9/?version=2024-06-01&api_key=k3y%2B0123456789',
        { authorization: 'Bearer sk-live-0123456789', 'notion-version': '2022-06-28' },
      );
      const { isError, content } = JSON.parse(text).result as {
        isError?: boolean;
        content: { text: string }[];
      };
      expect(isError).toBe(status === 403 ? true : undefined);
      // what is no credential (a version) stays readable
      expect(content[0]!.text).toBe(
        `${status === 403 ? 'HTTP 403: ' : ''}denied [REDACTED] at http://127.0.0.1:9/tenants/a/items?version=2024-06-01&api_key=[REDACTED]`,
      );
    },
  );

  it('takes out key-like values of headers and base-URL parameters whatever their names', async () => {
    const text = await answerText(
      (url, init) => {
        const sent = new Headers(init?.headers);
        return new Response(
          `${sent.get('x-functions-key')} ${sent.get('notion-version')} ${sent.get('x-format')} ${sent.get('x-tenant-id')} ${sent.get('x-user-email')} ${url}`,
        );
      },
      'http://127.0.0.1:9/?code=Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0&version=2024-02-15-preview',
      {
        'x-functions-key': 'AbCdEf0123456789GhIjKlMn',
        'notion-version': '2022-06-28',
        'x-format': 'application/vnd.github.v3+json',
        'x-tenant-id': '6f1c0001-2b7e-4c1a-9d3f-8a2b5c6d7e8f',
        // the caller's own, as identity forwarding sends it: theirs to read
        'x-user-email': 'ada1984@corp.test',
      },
      ['x-user-email'],
    );
    expect(JSON.parse(text).result.content[0].text).toBe(
      '[REDACTED] 2022-06-28 application/vnd.github.v3+json 6f1c0001-2b7e-4c1a-9d3f-8a2b5c6d7e8f ada1984@corp.test http://127.0.0.1:9/tenants/a/items?code=[REDACTED]&version=2024-02-15-preview',
    );
  });

  it("takes the server's own credentials out of a structured answer too, which stays valid JSON", async () => {
    const text = await answerText(
      (_url, init) =>
        Response.json({ user: 'svc', token: new Headers(init?.headers).get('authorization')?.split(' ')[1] }),
      'http://127.0.0.1:9',
      { authorization: 'Bearer sk-live-"quoted"-0123' },
    );
    expect(text).not.toContain('sk-live');
    expect(JSON.parse(text).result.structuredContent).toEqual({ user: 'svc', token: '[REDACTED]' });
  });

  it('takes credentials out of an answer that names a member twice (the parsed value keeps only the last)', async () => {
    const text = await answerText(
      (_url, init) => {
        const key = new Headers(init?.headers).get('authorization')?.split(' ')[1];
        return new Response(`{"seen":"${key}","seen":"ok"}`, {
          headers: { 'content-type': 'application/json' },
        });
      },
      'http://127.0.0.1:9',
      { authorization: 'Bearer sk-live-twice-0123' },
    );
    expect(text).not.toContain('sk-live');
    expect(text).toContain('[REDACTED]');
  });

  it('takes credentials out of member names too (a map keyed by token), the text copy with them', async () => {
    const text = await answerText(
      (_url, init) => {
        const headers = new Headers(init?.headers);
        return new Response(
          `{"${headers.get('authorization')}":true,"${headers.get('x-api-key')}":1,"__proto__":{"k":2},"plain":3}`,
          { headers: { 'content-type': 'application/json' } },
        );
      },
      'http://127.0.0.1:9',
      { authorization: 'Bearer sk-live-TOPSECRET0123', 'x-api-key': 'k3y-SuperSecret-98765' },
    );
    expect(text).not.toContain('TOPSECRET');
    expect(text).not.toContain('SuperSecret');
    const { result } = JSON.parse(text);
    expect(Object.keys(result.structuredContent)).toEqual(['[REDACTED]', '__proto__', 'plain']);
    expect(result.structuredContent['[REDACTED]']).toBe(1);
    expect(JSON.parse(result.content[0].text)).toEqual(result.structuredContent);
  });

  it('takes credentials out of string values, never numbers; escapes are read first', async () => {
    // a key of digits, and a token a PHP API writes with its slashes escaped
    const text = await answerText(
      () =>
        new Response('{"created":20240101123000,"note":"key 20240101","token":"a\\/b\\/secret-token"}', {
          headers: { 'content-type': 'application/json' },
        }),
      'http://127.0.0.1:9?api_key=a%2Fb%2Fsecret-token',
      { 'x-api-key': '20240101' },
    );
    const { result } = JSON.parse(text);
    expect(result.structuredContent).toEqual({
      created: 20240101123000,
      note: 'key [REDACTED]',
      token: '[REDACTED]',
    });
    expect(result.content[0].text).not.toContain('secret-token');
  });

  it('keeps a path parameter inside the operation’s path', async () => {
    const refused = await resultOf(await post({ tenant: '..' }));
    expect(refused.isError).toBe(true);
    expect(requests).toEqual([]);
    await resultOf(await post({ tenant: 'a/b' }));
    expect(requests.at(-1)?.url).toBe('http://127.0.0.1:9/tenants/a%2Fb/items');
    // a lone surrogate half encodes to nothing: the caller's mistake, a tool error, nothing sent
    const sent = requests.length;
    const broken = await resultOf(await post({ tenant: '\ud800' }));
    expect(broken).toEqual({
      isError: true,
      content: [{ type: 'text', text: 'Argument tenant is not valid Unicode text.' }],
    });
    expect(requests.length).toBe(sent);
    await resultOf(await post({ tenant: '😀' }));
    expect(requests.at(-1)?.url).toBe('http://127.0.0.1:9/tenants/%F0%9F%98%80/items');
  });

  it('refuses an empty or null path parameter (another endpoint), and a value no header can carry', async () => {
    const sent = requests.length;
    for (const tenant of ['', null]) {
      const refused = await resultOf(await post({ tenant }));
      expect(refused).toEqual({
        isError: true,
        content: [{ type: 'text', text: 'Missing arguments: tenant.' }],
      });
    }
    for (const trace of ['a\r\nx-admin: yes', '李', 'bell\u0007']) {
      const refused = await resultOf(await post({ tenant: 't', 'X-Trace': trace }));
      expect(refused.isError).toBe(true);
      expect(refused.content[0]?.text).toContain('X-Trace is no header value');
    }
    expect(requests.length).toBe(sent);
    await resultOf(await post({ tenant: 't', 'X-Trace': 'größe\tok' }));
    expect(requests.at(-1)?.headers['x-trace']).toBe('größe\tok');
  });

  it('never lets an argument replace the server’s own headers (credentials, identity)', async () => {
    await resultOf(await post({ tenant: 't', 'X-User-Id': 'mallory' }));
    expect(requests.at(-1)?.headers).toMatchObject({
      authorization: 'Bearer server-token',
      'x-user-id': 'olivia',
    });
    // nor add a second copy when the server spells its header in another case, or its cookie
    await resultOf(
      await post(
        { tenant: 't', 'X-User-Id': 'mallory', Authorization: 'Bearer forged', session: 'forged' },
        { Authorization: 'Bearer server-token', 'X-User-Id': 'olivia', Cookie: 'sid=server' },
      ),
    );
    expect(requests.at(-1)?.headers).toMatchObject({
      authorization: 'Bearer server-token',
      'x-user-id': 'olivia',
      cookie: 'sid=server',
    });
    // nor set an identity header the server forwards for callers who have a value for it (an API key
    // without an email): the upstream would take it for the gateway's word
    await resultOf(
      await post({ tenant: 't', 'X-User-Id': 'mallory' }, { authorization: 'Bearer server-token' }, [
        'x-user-id',
      ]),
    );
    expect(requests.at(-1)?.headers['x-user-id']).toBeUndefined();
    // a caller's cookie parameter goes when the server sets no cookie of its own
    await resultOf(await post({ tenant: 't', session: 'mine' }));
    expect(requests.at(-1)?.headers.cookie).toBe('session=mine');
    // as style `form` writes it (exploded: one pair per item), each item encoded, never its JSON text
    await resultOf(await post({ tenant: 't', session: ['a b', 'c;d'] }));
    expect(requests.at(-1)?.headers.cookie).toBe('session=a%20b; session=c%3Bd');
  });

  it('passes a 401 on as a refusal of a token the gateway obtained (renewed next time), else as a tool error', async () => {
    const revoked = { authorization: 'Bearer revoked' };
    await expect(post({ tenant: 't' }, revoked, undefined, true)).rejects.toBeInstanceOf(
      UpstreamRefusedCredentials,
    );
    // a key an admin configured: the API's answer is the tool's
    const result = await resultOf(await post({ tenant: 't' }, revoked));
    expect(result).toMatchObject({ isError: true });
    expect(result.content[0]?.text).toContain('HTTP 401');
  });

  it('takes no header parameter that frames or routes the request (a Host would reach another virtual host)', () => {
    const { operations } = operationsOf({
      paths: {
        '/x': {
          get: {
            operationId: 'x',
            parameters: ['Host', 'Connection', 'Transfer-Encoding', 'Proxy-Authorization', 'X-Ok'].map(
              (name) => ({ name, in: 'header' }),
            ),
            responses: {},
          },
        },
      },
    });
    const tool = operations.get('x')!.tool as { inputSchema: { properties: Record<string, unknown> } };
    expect(Object.keys(tool.inputSchema.properties)).toEqual(['X-Ok']);
  });

  it('expands a whole document within one budget: paths all referring to one large path item cost it once', () => {
    // each schema has ten properties referring to the next: 10^7 nodes unbounded, 20,000 per path
    const schemas: Record<string, unknown> = {};
    for (let i = 0; i < 8; i++)
      schemas[`S${i}`] = {
        type: 'object',
        properties: Object.fromEntries(
          Array.from({ length: 10 }, (_, j) => [
            `p${j}`,
            i < 7 ? { $ref: `#/components/schemas/S${i + 1}` } : { type: 'string' },
          ]),
        ),
      };
    const body = { content: { 'application/json': { schema: { $ref: '#/components/schemas/S0' } } } };
    const document = {
      paths: Object.fromEntries(
        Array.from({ length: 500 }, (_, k) => [`/p${k}`, { $ref: '#/components/pathItems/P' }]),
      ),
      components: { schemas, pathItems: { P: { post: { requestBody: body, responses: {} } } } },
    };
    const started = performance.now();
    const { operations } = operationsOf(document);
    expect(operations.size).toBe(500);
    // 500 paths at 20,000 nodes each would be 10 million nodes and about 90 MB of tools
    expect(JSON.stringify([...operations.values()].map((o) => o.tool)).length).toBeLessThan(10_000_000);
    expect(performance.now() - started).toBeLessThan(5_000);
    // the first paths' schemas are expanded as before; the budget runs out for the later ones
    const first = operations.get('post_p0')!.tool as { inputSchema: { properties: { body: unknown } } };
    expect(JSON.stringify(first.inputSchema.properties.body)).toContain('"p9"');
  });

  it('refuses a document of more than a thousand operations unless `operations` selects among them', () => {
    const document = {
      paths: Object.fromEntries(
        Array.from({ length: 1001 }, (_, k) => [`/p${k}`, { get: { operationId: `op${k}`, responses: {} } }]),
      ),
    };
    expect(() => operationsOf(document, undefined, 'big')).toThrow(
      'The OpenAPI document of server "big" has more than 1000 operations',
    );
    expect(operationsOf(document, ['op1*']).operations.size).toBe(112);
  });

  it('offers no operation that needs a body no argument can give (a form, an upload)', () => {
    const form = (required: boolean) => ({
      required,
      content: { 'application/x-www-form-urlencoded': { schema: { type: 'object' } } },
    });
    const { operations } = operationsOf({
      paths: {
        '/upload': { post: { operationId: 'upload', requestBody: form(true), responses: {} } },
        '/search': { post: { operationId: 'search', requestBody: form(false), responses: {} } },
      },
    });
    expect([...operations.keys()]).toEqual(['search']);
    expect(operations.get('search')!.body).toBeUndefined();
  });

  it('offers no operation whose path would leave the base URL (a path key without its leading slash)', () => {
    const { operations } = operationsOf({
      paths: {
        '@evil.example/steal': { get: { operationId: 'steal', responses: {} } },
        '.evil.example/x': { get: { operationId: 'dot', responses: {} } },
        '/fine': { get: { operationId: 'fine', responses: {} } },
      },
    });
    expect([...operations.keys()]).toEqual(['fine']);
  });
});

describe('a cancelled call of the openapi transport', () => {
  it('ends its HTTP request when the client cancels it in the session', async () => {
    let aborted = false;
    const slow = new OpenApiTransport({
      guard,
      http: fetchHttpClient((async (_url: string, init?: RequestInit) => {
        return new Promise<Response>((_resolve, reject) =>
          init?.signal?.addEventListener('abort', () => {
            aborted = true;
            reject(init.signal?.reason);
          }),
        );
      }) as typeof fetch),
    });
    const target: UpstreamTarget = {
      name: 'api',
      url: 'http://127.0.0.1:9',
      headers: {},
      timeoutMs: 10_000,
      maxMessageBytes: 1024,
      openapi: { document: { paths: { '/slow': { post: { operationId: 'slow', responses: {} } } } } },
    } as UpstreamTarget;
    const session = { gatewaySessionId: 's-1' };
    const call = slow.post(target, {
      body: '',
      messages: [{ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'slow', arguments: {} } }],
      session,
      signal: new AbortController().signal,
    });
    const settled = call.then(
      () => 'answered',
      () => 'failed',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(aborted).toBe(false);
    // another session's cancellation of the same id ends nothing; the session's own does
    const cancel = (gatewaySessionId: string) =>
      slow.post(target, {
        body: '',
        messages: [{ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 7 } }],
        session: { gatewaySessionId },
        signal: new AbortController().signal,
      });
    expect((await cancel('s-2')).status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(aborted).toBe(false);
    expect((await cancel('s-1')).status).toBe(202);
    // at once, not at the call's timeout (10 s)
    await expect.poll(() => aborted, { timeout: 1000 }).toBe(true);
    expect(await settled).toBeDefined();
  });
});

describe('arguments of an openapi tool', () => {
  const requests: string[] = [];
  const document = {
    paths: {
      '/items': {
        get: {
          operationId: 'search',
          parameters: [
            { name: 'status', in: 'query', required: true, schema: { type: 'string' } },
            {
              name: 'filter',
              in: 'query',
              schema: { type: 'object', properties: { owner: { type: 'string' } } },
            },
            { name: 'ids', in: 'query', schema: { type: 'array', items: { type: 'integer' } } },
            { name: 'session', in: 'cookie', schema: { type: 'string' } },
          ],
          responses: {},
        },
      },
    },
  };
  const call = async (args: Record<string, unknown>, over: Partial<UpstreamTarget> = {}) => {
    const api = new OpenApiTransport({
      guard,
      http: fetchHttpClient((async (url: string, init?: RequestInit) => {
        // a document saved with a byte order mark (as some editors on Windows save JSON)
        if (String(url).endsWith('/openapi.json')) return new Response(`\uFEFF${JSON.stringify(document)}`);
        requests.push(`${String(url)} ${new Headers(init?.headers).get('cookie') ?? ''}`.trim());
        return Response.json({ ok: true });
      }) as typeof fetch),
    });
    const reply = await api.post(
      {
        name: 'api',
        url: 'http://127.0.0.1:9/v1',
        headers: {},
        timeoutMs: 1000,
        maxMessageBytes: 4096,
        openapi: { document },
        ...over,
      },
      {
        body: '',
        messages: [
          { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'search', arguments: args } },
        ],
        session: { gatewaySessionId: 's' },
        signal: new AbortController().signal,
      },
    );
    let text = '';
    for await (const chunk of reply.body!) text += Buffer.from(chunk).toString('utf8');
    return JSON.parse(text).result as { isError?: boolean; content: { text: string }[] };
  };

  it('takes only the shapes a parameter’s schema allows: an object is no string, nor adds members', async () => {
    // written as `form` explodes it, an object would add query parameters (or cookies) of its own
    const refused: [Record<string, unknown>, string][] = [
      [{ status: { status: 'open', owner: 'bob' } }, 'Argument status may not be an object.'],
      [
        { status: 'open', filter: { owner: 'bob', deleted: 'true' } },
        'Argument filter has members its schema does not list: deleted.',
      ],
      [{ status: 'open', ids: { a: 1 } }, 'Argument ids may not be an object.'],
      [{ status: ['open', 'closed'] }, 'Argument status may not be a list.'],
      [{ status: 'open', session: { session: 's', admin: '1' } }, 'Argument session may not be an object.'],
      // a required argument given as null is missing (it would be left out)
      [{ status: null }, 'Missing arguments: status.'],
    ];
    for (const [args, message] of refused)
      expect(await call(args), JSON.stringify(args)).toEqual({
        isError: true,
        content: [{ type: 'text', text: message }],
      });
    expect(requests).toEqual([]);
    await call({ status: 'open', filter: { owner: 'bob' }, ids: [1, 2] });
    expect(requests.at(-1)).toBe('http://127.0.0.1:9/v1/items?status=open&owner=bob&ids=1&ids=2');
  });

  it('keeps a base URL’s own query (a key some APIs take there) before the operation’s parameters', async () => {
    await call({ status: 'open' }, { url: 'http://127.0.0.1:9/v1?api_key=K', openapi: { document } });
    expect(requests.at(-1)).toBe('http://127.0.0.1:9/v1/items?api_key=K&status=open');
  });

  it('never lets an argument set a query parameter the base URL fixes (a tenant, a key)', async () => {
    const loose = {
      paths: {
        '/items': {
          get: {
            operationId: 'search',
            parameters: [
              { name: 'tenant', in: 'query', schema: { type: 'string' } },
              // no type: an object is written as parameters of its own (form, exploded)
              { name: 'extra', in: 'query' },
            ],
            responses: {},
          },
        },
      },
    };
    const fixed = { url: 'http://127.0.0.1:9/v1?tenant=acme&api_key=K', openapi: { document: loose } };
    const before = requests.length;
    for (const [args, argument, name] of [
      [{ tenant: 'victim' }, 'tenant', 'tenant'],
      [{ extra: { tenant: 'victim' } }, 'extra', 'tenant'],
      [{ extra: { api_key: 'mine', page: 2 } }, 'extra', 'api_key'],
    ] as const) {
      expect(await call(args, fixed)).toEqual({
        isError: true,
        content: [
          {
            type: 'text',
            text: `Argument ${argument} would set the query parameter "${name}", which the server's URL fixes.`,
          },
        ],
      });
    }
    expect(requests.length).toBe(before);
    await call({ extra: { page: 2 } }, fixed);
    expect(requests.at(-1)).toBe('http://127.0.0.1:9/v1/items?tenant=acme&api_key=K&page=2');
  });

  it('takes a required query parameter the base URL fixes (an api-version) as given by it', async () => {
    const versioned = {
      paths: {
        '/items': {
          get: {
            operationId: 'search',
            parameters: [{ name: 'api-version', in: 'query', required: true, schema: { type: 'string' } }],
            responses: {},
          },
        },
      },
    };
    const fixed = { url: 'http://127.0.0.1:9/v1?api-version=2024-01-01', openapi: { document: versioned } };
    for (const args of [{}, { 'api-version': '2024-01-01' }]) {
      expect((await call(args, fixed)).isError, JSON.stringify(args)).toBeUndefined();
      expect(requests.at(-1)).toBe('http://127.0.0.1:9/v1/items?api-version=2024-01-01');
    }
    expect((await call({ 'api-version': '2025-01-01' }, fixed)).isError).toBe(true);
  });

  it('never lets a path key of the document climb out of the base URL’s path (%2e%2e)', async () => {
    const climbing = {
      paths: { '/%2e%2e/admin/{id}': { get: { operationId: 'search', responses: {} } } },
    };
    const before = requests.length;
    const answer = await call(
      { id: '1' },
      { url: 'http://127.0.0.1:9/t/acme', openapi: { document: climbing } },
    );
    expect(answer).toEqual({
      isError: true,
      content: [{ type: 'text', text: "The operation's URL leaves the path of http://127.0.0.1:9/t/acme." }],
    });
    expect(requests.length).toBe(before);
  });

  it('reads a JSON document that begins with a byte order mark', async () => {
    expect(await call({ status: 'open' }, { openapi: { url: 'http://127.0.0.1:9/openapi.json' } })).toEqual({
      content: [{ type: 'text', text: '{"ok":true}' }],
      structuredContent: { ok: true },
    });
  });
});

describe('the openapi transport', () => {
  const target = (over: Partial<UpstreamTarget> = {}): UpstreamTarget => ({
    name: 'api',
    url: 'http://127.0.0.1:9',
    headers: {},
    timeoutMs: 500,
    maxMessageBytes: 64,
    openapi: { url: 'http://127.0.0.1:9/openapi.yaml' },
    ...over,
  });
  const yaml = `openapi: 3.1.0
info: { title: Big, version: "1" }
paths:
  /big:
    get:
      operationId: big
      responses: { "200": { description: ok } }
  /slow:
    get:
      operationId: slow
      responses: { "200": { description: ok } }
  /moved:
    get:
      operationId: moved
      responses: { "200": { description: ok } }
  /record:
    get:
      operationId: record
      responses: { "200": { description: ok } }
  /empty:
    get:
      operationId: empty
      responses:
        "200":
          description: ok
          content: { application/json: { schema: { type: object } } }
  /codes:
    get:
      operationId: codes
      responses: { "200": { description: ok } }
`;
  const transport = new OpenApiTransport({
    guard,
    http: fetchHttpClient((async (url: string, init?: RequestInit) => {
      if (String(url).endsWith('/openapi.yaml')) return new Response(yaml);
      if (String(url).endsWith('/big')) return Response.json({ text: 'x'.repeat(200) });
      if (String(url).endsWith('/moved'))
        return new Response('see there', { status: 302, headers: { location: 'http://10.0.0.1/' } });
      if (String(url).endsWith('/record')) return Response.json({ text: 'y'.repeat(3000) });
      if (String(url).endsWith('/empty')) return new Response(null, { status: 204 });
      // an array of short strings: within the limit as it comes, past it once escaped into a text
      if (String(url).endsWith('/codes')) return Response.json(Array.from({ length: 1100 }, () => 'ab'));
      // slow: answers after the call's timeout
      await new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, 5000);
        init?.signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(init.signal?.reason);
        });
      });
      return Response.json({});
    }) as typeof fetch),
  });
  const call = (name: string) =>
    transport.post(target(), {
      body: '',
      messages: [{ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: {} } }],
      session: { gatewaySessionId: 's' },
      signal: new AbortController().signal,
    });

  it('takes a document it cannot reach for an unreachable server (its circuit, its failover), not an internal error', async () => {
    const unreachable = new OpenApiTransport({
      guard,
      http: fetchHttpClient((async () => {
        throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
      }) as unknown as typeof fetch),
    });
    await expect(
      unreachable.post(target(), {
        body: '',
        messages: [{ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }],
        session: { gatewaySessionId: 's' },
        signal: new AbortController().signal,
      }),
    ).rejects.toMatchObject({
      code: 'upstream_unavailable',
      message: expect.stringContaining('ECONNREFUSED'),
    });
  });

  /** A transport whose API answers `{}` and records each request; `call` runs a tool of `document` on it. */
  const recording = (document: Record<string, unknown>) => {
    const requests: { url: string; headers: Headers }[] = [];
    const recorder = new OpenApiTransport({
      guard,
      http: fetchHttpClient((async (url: string, init?: RequestInit) => {
        requests.push({ url: String(url), headers: new Headers(init?.headers) });
        return Response.json({});
      }) as typeof fetch),
    });
    const call = async (name: string, args: Record<string, unknown>) => {
      const answer = await recorder.post(target({ openapi: { document } }), {
        body: '',
        messages: [{ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args } }],
        session: { gatewaySessionId: 's' },
        signal: new AbortController().signal,
      });
      let text = '';
      for await (const chunk of answer.body!) text += Buffer.from(chunk).toString('utf8');
      return JSON.parse(text).result as { isError?: boolean };
    };
    return { requests, call };
  };

  it("writes array and object arguments as their parameters' style and explode say", async () => {
    const array = { type: 'array', items: { type: 'integer' } };
    const document = {
      paths: {
        '/items/{ids}': {
          get: {
            operationId: 'items',
            parameters: [
              { name: 'ids', in: 'path', required: true, schema: array },
              {
                name: 'tags',
                in: 'query',
                explode: false,
                schema: { type: 'array', items: { type: 'string' } },
              },
              { name: 'filter', in: 'query', style: 'deepObject', explode: true, schema: { type: 'object' } },
              { name: 'where', in: 'query', content: { 'application/json': { schema: { type: 'object' } } } },
              { name: 'X-Ids', in: 'header', schema: array },
            ],
            responses: {},
          },
        },
      },
    };
    const args = {
      ids: [1, 2],
      tags: ['a', 'b'],
      filter: { status: 'open' },
      where: { n: 1 },
      'X-Ids': [3, 4],
    };
    const parsed = operationsOf(document as never);
    expect(
      (parsed.operations.get('items')!.tool['inputSchema'] as { properties: Record<string, unknown> })
        .properties['where'],
    ).toEqual({ type: 'object' });
    const { requests: urls, call } = recording(document);
    await call('items', args);
    const sent = new URL(urls[0]!.url);
    expect(sent.pathname).toBe('/items/1,2');
    expect([...sent.searchParams]).toEqual([
      ['tags', 'a,b'],
      ['filter[status]', 'open'],
      ['where', '{"n":1}'],
    ]);
    expect(urls[0]!.headers.get('x-ids')).toBe('3,4');
  });

  it('refuses path arguments that would be empty or make a . or .. segment, placeholders side by side too', async () => {
    const array = { type: 'array', items: { type: 'string' } };
    const document = {
      paths: {
        '/files/{name}.{ext}': {
          get: {
            operationId: 'file',
            parameters: [
              { name: 'name', in: 'path', required: true, schema: array },
              { name: 'ext', in: 'path', required: true, schema: array, style: 'label' },
            ],
            responses: {},
          },
        },
      },
    };
    const { requests, call } = recording(document);
    const called = (args: Record<string, unknown>) => call('file', args);
    const urls = () => requests.map((r) => r.url);
    // an empty list is no segment at all (another endpoint); `.` then `.x` as a label make `/files/.`+`.`
    expect(await called({ name: [], ext: ['x'] })).toMatchObject({ isError: true });
    expect(await called({ name: ['.'], ext: [] })).toMatchObject({ isError: true });
    expect(urls()).toEqual([]);
    await called({ name: ['a'], ext: ['txt'] });
    expect(urls()).toEqual(['http://127.0.0.1:9/files/a..txt']);
  });

  it('reads a YAML document, and refuses an answer over the message limit', async () => {
    await expect(call('big')).rejects.toMatchObject({
      code: 'upstream_error',
      message: expect.stringContaining('message limit'),
    });
  });

  it('answers initialize with the version asked when it speaks it, else its own', async () => {
    const versionOf = async (protocolVersion: string) => {
      const messages = [
        {
          jsonrpc: '2.0' as const,
          id: 1,
          method: 'initialize',
          params: { protocolVersion, capabilities: {} },
        },
      ];
      const reply = await transport.post(target({ maxMessageBytes: 1 << 20 }), {
        body: JSON.stringify(messages[0]),
        messages,
        session: { gatewaySessionId: 's' },
        signal: new AbortController().signal,
      });
      let text = '';
      for await (const chunk of reply.body!) text += Buffer.from(chunk).toString('utf8');
      return (JSON.parse(text) as { result: { protocolVersion: string } }).result.protocolVersion;
    };
    expect(await versionOf('2025-06-18')).toBe('2025-06-18');
    expect(await versionOf('2099-01-01')).toBe('2025-11-25');
  });

  it('answers a redirect as a tool error; a large structured answer once, its text pointing at it', async () => {
    const resultOf = async (name: string) => {
      const reply = await transport.post(target({ maxMessageBytes: 6000 }), {
        body: '',
        messages: [{ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: {} } }],
        session: { gatewaySessionId: 's' },
        signal: new AbortController().signal,
      });
      let text = '';
      for await (const chunk of reply.body!) text += Buffer.from(chunk).toString('utf8');
      return (JSON.parse(text) as { result: Record<string, unknown> }).result;
    };
    expect(await resultOf('moved')).toEqual({
      content: [{ type: 'text', text: 'HTTP 302: see there' }],
      isError: true,
    });
    const record = await resultOf('record');
    expect(record['structuredContent']).toEqual({ text: 'y'.repeat(3000) });
    expect(record['content']).toEqual([
      { type: 'text', text: 'HTTP 200: the answer (3011 bytes of JSON) is in the structured content.' },
    ]);
    // an answer that fits but whose text copy (escaped) would not: cut to fit, saying so
    const codes = await resultOf('codes');
    const [content] = codes['content'] as { text: string }[];
    expect(content!.text.startsWith('["ab","ab"')).toBe(true);
    expect(content!.text).toContain('cut to fit the message limit of 6000 bytes');
    expect(Buffer.byteLength(JSON.stringify(content!.text))).toBeLessThan(6000);
    // a tool with an output schema answered without a JSON object: an error, not a result to refuse
    expect(await resultOf('empty')).toEqual({
      content: [
        {
          type: 'text',
          text: "HTTP 204: the API answered no JSON object, as the tool's output schema says it would: HTTP 204",
        },
      ],
      isError: true,
    });
  });

  it('ends a call at the server’s timeout', async () => {
    const started = Date.now();
    await expect(call('slow')).rejects.toMatchObject({ code: 'upstream_timeout' });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('answers each call of a batch on its own, all of them within the one timeout', async () => {
    const messages = ['big', 'slow', 'slow'].map((name, id) => ({
      jsonrpc: '2.0' as const,
      id,
      method: 'tools/call',
      params: { name, arguments: {} },
    }));
    const started = Date.now();
    const reply = await transport.post(target({ maxMessageBytes: 1024, timeoutMs: 1000 }), {
      body: JSON.stringify(messages),
      messages,
      session: { gatewaySessionId: 's' },
      signal: new AbortController().signal,
    });
    // two slow calls in a row end at the one timeout (1 s), not at one each (2 s)
    expect(Date.now() - started).toBeLessThan(1800);
    let text = '';
    for await (const chunk of reply.body!) text += Buffer.from(chunk).toString('utf8');
    const answers = JSON.parse(text) as { id: number; result?: unknown; error?: { data?: unknown } }[];
    expect(answers.map((a) => a.id)).toEqual([0, 1, 2]);
    expect(answers[0]!.result).toBeDefined(); // what ran is answered, not lost with the batch
    expect(answers[1]!.error?.data).toEqual({ code: 'upstream_timeout' });
    expect(answers[2]!.error?.data).toEqual({ code: 'upstream_timeout' });
    // every call failing is the API failing, as for a single call (its circuit breaker counts it)
    const failing = messages.slice(1);
    await expect(
      transport.post(target(), {
        body: JSON.stringify(failing),
        messages: failing,
        session: { gatewaySessionId: 's' },
        signal: new AbortController().signal,
      }),
    ).rejects.toMatchObject({ code: 'upstream_timeout' });
  });

  it('tells the circuit breaker of an API failing a batch’s calls (5xx), as of a single call', async () => {
    const failing = new OpenApiTransport({
      guard,
      http: fetchHttpClient((async (url: string) =>
        String(url).endsWith('/openapi.yaml')
          ? new Response(yaml)
          : new Response('down', { status: 503 })) as unknown as typeof fetch),
    });
    const calls = ['big', 'codes'].map((name, id) => ({
      jsonrpc: '2.0' as const,
      id,
      method: 'tools/call',
      params: { name, arguments: {} },
    }));
    const reply = await failing.post(target(), {
      body: JSON.stringify(calls),
      messages: calls,
      session: { gatewaySessionId: 's' },
      signal: new AbortController().signal,
    });
    expect(reply.serverFailed).toBe(true);
  });

  it('fails a batch whose calls all failed with one that may have run, when one may have', async () => {
    // the first call is refused a connection (never sent), the second by the outbound guard (never sent);
    // the third's connection drops while it is out
    const dropping = new OpenApiTransport({
      guard: {
        check: async (url: string) => {
          if (url.endsWith('/empty')) throw new GatewayError('forbidden', 'The address is not allowed.');
          return guard.check(url);
        },
      },
      http: fetchHttpClient((async (url: string) => {
        if (String(url).endsWith('/openapi.yaml')) return new Response(yaml);
        const code = String(url).endsWith('/big') ? 'ECONNREFUSED' : 'ECONNRESET';
        throw Object.assign(new TypeError('fetch failed'), {
          cause: Object.assign(new Error(code), { code }),
        });
      }) as unknown as typeof fetch),
    });
    const calls = ['big', 'empty', 'codes'].map((name, id) => ({
      jsonrpc: '2.0' as const,
      id,
      method: 'tools/call',
      params: { name, arguments: {} },
    }));
    const failed = await dropping
      .post(target(), {
        body: JSON.stringify(calls),
        messages: calls,
        session: { gatewaySessionId: 's' },
        signal: new AbortController().signal,
      })
      .catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(UpstreamUnreachable);
    expect((failed as UpstreamUnreachable).mayHaveRun).toBe(true);
  });
});
