import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../core/errors.js';
import {
  integersExact,
  isNotification,
  isRequest,
  isResponse,
  MAX_BODY_MEMBERS,
  numbersExact,
  parseBody,
  replyId,
} from './jsonrpc.js';
import { describe as describeMessage } from './view.js';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    return error.code;
  }
};

describe('parseBody', () => {
  it('classifies requests, notifications and responses', () => {
    const [request] = parseBody('{"jsonrpc":"2.0","id":1,"method":"tools/list"}').messages;
    const [notification] = parseBody('{"jsonrpc":"2.0","method":"notifications/initialized"}').messages;
    const [response] = parseBody('{"jsonrpc":"2.0","id":"a","result":{}}').messages;
    expect(request && isRequest(request)).toBe(true);
    expect(notification && isNotification(notification)).toBe(true);
    expect(response && isResponse(response)).toBe(true);
  });

  it('answers -32700 for text that is not JSON and -32600 for JSON that is not JSON-RPC', () => {
    expect(codeOf(() => parseBody('{"jsonrpc":'))).toBe('invalid_json');
    expect(new GatewayError('invalid_json', '').jsonRpcCode).toBe(-32700);
    for (const body of [
      '',
      '42',
      '[]',
      '{"id":1,"method":"x"}',
      '{"jsonrpc":"1.0","id":1,"method":"x"}',
      '{"jsonrpc":"2.0","id":null,"method":"x"}',
      '{"jsonrpc":"2.0","id":{},"method":"x"}',
      '{"jsonrpc":"2.0","id":9007199254740993,"method":"x"}',
      '{"jsonrpc":"2.0","id":1.5,"method":"x"}',
      '{"jsonrpc":"2.0","id":1,"method":""}',
      `{"jsonrpc":"2.0","id":1,"method":"${'x'.repeat(257)}"}`,
      '{"jsonrpc":"2.0","id":1,"method":"tools/\\ud800"}',
      '{"jsonrpc":"2.0","id":1,"method":"x","params":[1]}',
      '{"jsonrpc":"2.0","id":1}',
      '{"jsonrpc":"2.0","id":1,"result":1,"error":{"code":1,"message":"m"}}',
      '{"jsonrpc":"2.0","id":1,"error":{"code":"x","message":"m"}}',
    ]) {
      expect(
        codeOf(() => parseBody(body)),
        body,
      ).toBe('invalid_request');
    }
  });

  it('refuses a body of more object members than it judges cheaply, before it is parsed', () => {
    const body = (members: number) =>
      `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"t","arguments":{${Array.from(
        { length: members },
        (_, i) => `"k${i}":1`,
      ).join(',')}}}}`;
    // the envelope's own four members and the params' two count too
    expect(parseBody(body(MAX_BODY_MEMBERS - 6)).messages).toHaveLength(1);
    const refused = (() => {
      try {
        parseBody(body(MAX_BODY_MEMBERS));
      } catch (error) {
        return error as GatewayError;
      }
      return undefined;
    })();
    expect(refused).toMatchObject({
      code: 'invalid_request',
      message: `The body holds more than ${MAX_BODY_MEMBERS} object members (arguments included).`,
    });
  });

  it('refuses members a case-insensitive server would read differently from the gateway', () => {
    const refused = [
      // twins: the gateway reads one, a server that ignores case may read the other
      '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"read_x","Name":"delete_repo"}}',
      '{"jsonrpc":"2.0","id":3,"method":"ping","Method":"tools/call","params":{"name":"delete_repo"}}',
      '{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"t","arguments":{"path":"/ok","PATH":"/etc"}}}',
      // a decided member in another spelling (Go folds ſ to s and the Kelvin sign to k)
      '{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"Name":"delete_repo"}}',
      '{"jsonrpc":"2.0","id":6,"method":"tools/call","paramſ":{"name":"delete_repo"}}',
      '{"jsonrpc":"2.0","id":7,"method":"completion/complete","params":{"ref":{"type":"ref/prompt","NAME":"x"}}}',
      // Go folds İ (and ı) to i: "urİ" is the uri a Go server reads, the later of the two
      '{"jsonrpc":"2.0","id":13,"method":"resources/read","params":{"uri":"file:///public/a","urİ":"file:///secrets/db.env"}}',
      '{"jsonrpc":"2.0","id":14,"method":"tasks/result","params":{"taskıd":"someone-elses"}}',
      '[{"jsonrpc":"2.0","id":8,"method":"ping"},{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"a","nAme":"b"}}]',
      // named twice: JSON.parse keeps the last, other decoders the first
      '{"jsonrpc":"2.0","id":10,"method":"tools/call","params":{"name":"secret_tool","name":"echo"}}',
      '{"jsonrpc":"2.0","id":11,"method":"tools/call","params":{"na\\u006de":"secret_tool","name":"echo"}}',
      '{"jsonrpc":"2.0","id":12,"method":"tools/call","params":{"name":"t","arguments":{"path":"/etc","path":"/ok"}}}',
    ];
    for (const body of refused) {
      let error: unknown;
      try {
        parseBody(body);
      } catch (thrown) {
        error = thrown;
      }
      expect(error, body).toBeInstanceOf(GatewayError);
      expect((error as GatewayError).code, body).toBe('invalid_request');
      expect((error as GatewayError).message, body).toMatch(/member/);
    }
    // a client's answer follows the server's schema (elicitation content): any spelling, once each
    expect(
      parseBody('{"jsonrpc":"2.0","id":1,"result":{"action":"accept","content":{"Name":"Bob","ID":7}}}')
        .messages,
    ).toHaveLength(1);
    // a tool's own arguments may use any spelling, once each
    expect(
      parseBody(
        '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"t","arguments":{"Name":"Ada","Type":"x","nested":{"Uri":1}}}}',
      ).messages,
    ).toHaveLength(1);
  });

  it('accepts batches and marks them', () => {
    const parsed = parseBody('[{"jsonrpc":"2.0","id":1,"method":"a"},{"jsonrpc":"2.0","method":"b"}]');
    expect(parsed.batch).toBe(true);
    expect(parsed.messages).toHaveLength(2);
    expect(parsed.invalid.size).toBe(0);
  });

  it('keeps a batch whose members are no JSON-RPC message, each marked with why and the id to answer it with', () => {
    const parsed = parseBody(
      JSON.stringify([
        { jsonrpc: '2.0', id: 'a', method: '' },
        { jsonrpc: '2.0', id: 1, method: 'tools/list' },
        { jsonrpc: '2.0', id: 1, method: 7 },
        { id: { x: 1 }, method: 'm' },
        null,
      ]).replace(']', ',{"jsonrpc":"2.0","id":9007199254740993,"method":"m"}]'),
    );
    expect([...parsed.invalid].map(([index, error]) => [index, error.message])).toEqual([
      [0, 'The "method" member must be a non-empty string.'],
      [2, 'The "method" member must be a non-empty string.'],
      [3, 'The "jsonrpc" member must be "2.0".'],
      [4, 'A JSON-RPC message must be an object.'],
      [5, 'The "id" member must be a string or an integer (of at most 2^53 - 1 in magnitude).'],
    ]);
    // its own id when readable (an integer held exactly) and not a valid request's; null otherwise
    expect(parsed.messages.map((m) => ('id' in m ? m.id : undefined))).toEqual([
      'a',
      1,
      null,
      null,
      null,
      null,
    ]);
    // a single message that is none is refused whole, as before
    expect(codeOf(() => parseBody('7'))).toBe('invalid_request');
  });

  it('never throws anything but a typed parse error, whatever the input (fuzz)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        (text) => {
          const code = codeOf(() => parseBody(text));
          expect([undefined, 'invalid_json', 'invalid_request']).toContain(code);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('round-trips every well-formed request (property)', () => {
    // member names in lower-case ASCII: names that differ only in case, or spell a member the gateway
    // decides on another way, are refused by design (tested above)
    const plainNames = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(plainNames)
        : typeof value === 'object' && value !== null
          ? Object.fromEntries(
              Object.entries(value).map(([name, v]) => [
                name.toLowerCase().replace(/[^\x20-\x7e]/g, '_'),
                plainNames(v),
              ]),
            )
          : value;
    const request = fc.record(
      {
        jsonrpc: fc.constant('2.0' as const),
        id: fc.oneof(fc.string(), fc.integer()),
        method: fc.string({ minLength: 1 }),
        params: fc.dictionary(fc.string(), fc.jsonValue()).map(plainNames),
      },
      { requiredKeys: ['jsonrpc', 'id', 'method'] },
    );
    fc.assert(
      fc.property(request, (message) => {
        const text = JSON.stringify(message);
        const { messages, batch } = parseBody(text);
        expect(batch).toBe(false);
        expect(messages[0]).toEqual(JSON.parse(text));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('replyId', () => {
  it('echoes the id of a parseable request and null otherwise', () => {
    expect(replyId('{"jsonrpc":"2.0","id":7,"method":"x"}')).toBe(7);
    expect(replyId('{"id":"s","method":"y"}')).toBe('s');
    // a response's id is the server's request's: a reply never carries it
    expect(replyId('{"jsonrpc":"2.0","id":0,"result":{}}')).toBeNull();
    expect(replyId('not json')).toBeNull();
    expect(replyId(undefined)).toBeNull();
    // an id no double holds exactly would come back as another request's: none is echoed instead
    expect(replyId('{"jsonrpc":"2.0","id":9007199254740993,"method":"x"}')).toBeNull();
    expect(replyId('{"jsonrpc":"2.0","id":1.5,"method":"x"}')).toBeNull();
    expect(replyId('{"jsonrpc":"2.0","id":9007199254740991,"method":"x"}')).toBe(9007199254740991);
  });
});

describe('batches and ids', () => {
  it('refuses a batch with two requests of one id (their answers could be swapped), not two notifications', () => {
    expect(() =>
      parseBody(
        JSON.stringify([
          { jsonrpc: '2.0', id: 1, method: 'tools/list' },
          { jsonrpc: '2.0', id: 1, method: 'prompts/list' },
        ]),
      ),
    ).toThrow('The batch has two requests with the id 1.');
    expect(
      parseBody(
        JSON.stringify([
          { jsonrpc: '2.0', id: 1, method: 'tools/list' },
          { jsonrpc: '2.0', id: '1', method: 'prompts/list' },
          { jsonrpc: '2.0', method: 'notifications/initialized' },
          { jsonrpc: '2.0', method: 'notifications/initialized' },
        ]),
      ).messages,
    ).toHaveLength(4);
  });

  it('reads the target of a completion: the prompt or resource template it completes', () => {
    const complete = (ref: object) =>
      describeMessage({
        jsonrpc: '2.0',
        id: 1,
        method: 'completion/complete',
        params: { ref, argument: { name: 'a', value: '' } },
      });
    expect(complete({ type: 'ref/prompt', name: 'release_notes' }).target).toEqual({
      kind: 'prompt',
      name: 'release_notes',
    });
    expect(complete({ type: 'ref/resource', uri: 'file:///{path}' }).target).toEqual({
      kind: 'resource',
      name: 'file:///{path}',
    });
    expect(complete({ type: 'ref/other' }).target).toBeUndefined();
    expect(complete({ type: 'ref/prompt', name: 'p'.repeat(513) }).target).toBeUndefined();
  });

  it('reads no target for names past their bound, nor for methods named like an object’s own members', () => {
    const call = (method: string, params: Record<string, unknown>) =>
      describeMessage({ jsonrpc: '2.0', id: 1, method, params });
    expect(call('tools/call', { name: 't'.repeat(512) }).target).toEqual({
      kind: 'tool',
      name: 't'.repeat(512),
    });
    // 171 three-byte characters are 513 bytes
    expect(call('tools/call', { name: '€'.repeat(171) }).target).toBeUndefined();
    expect(call('resources/read', { uri: `file:///${'a'.repeat(16_000)}` }).target).toMatchObject({
      kind: 'resource',
    });
    expect(call('resources/read', { uri: `file:///${'a'.repeat(16_400)}` }).target).toBeUndefined();
    for (const method of ['constructor', 'toString', '__proto__', 'hasOwnProperty'])
      expect(call(method, { undefined: 'x', name: 'x' }).target, method).toBeUndefined();
  });
});

describe('numbersExact', () => {
  it('tells a text whose numbers JSON.parse may round (more than 15 digits, an exponent) from one it keeps', () => {
    for (const text of [
      '{"a":12345678901234567891}',
      '{"a":0.12345678901234567}',
      '[1e400]',
      '{"a":1.5E3}',
      '{"a":1234567890.1234567}',
    ])
      expect(numbersExact(text), text).toBe(false);
    for (const text of [
      '{"a":123456789012345,"b":true,"c":false,"d":null}',
      '{"id":"3e8a-12345678901234567891","e":"E"}',
      '{"a":0.000000000000000001}',
      '{"s":"\\"12345678901234567891\\""}',
      '[-1.25,0,100]',
    ])
      expect(numbersExact(text), text).toBe(true);
  });

  it('is true for any JSON whose numbers survive a round trip as written', () => {
    const value = fc
      .jsonValue()
      .map((v) =>
        JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'number' ? Math.trunc(x % 1e9) : x))),
      );
    fc.assert(
      fc.property(value, (v) => {
        const text = JSON.stringify(v);
        expect(numbersExact(text)).toBe(true);
      }),
    );
  });
});

describe('integersExact', () => {
  it('is false only where re-encoding changes a value: integers beyond a double, numbers beyond its range', () => {
    for (const text of [
      '{"account":12345678901234567891}',
      '[-9007199254740993]',
      '{"n":1e400}',
      '{"a":"12345678901234567891","b":12345678901234567891}',
      '{"whole":1.2345678901234567891e19,"dotted":12345678901234567891.0}',
      '{"tiny":1e-400}',
    ])
      expect(integersExact(text), text).toBe(false);
    for (const text of [
      '{"x":0.30000000000000004,"y":52.520008123456789}',
      '{"big":9007199254740992,"neg":-9007199254740992}',
      '{"e":1.5e300,"s":"12345678901234567891 \\" 99999999999999999999"}',
      '{"i":12345678901234567000,"zero":0.0e5,"exp":1.2345678901234567e19}',
      // beyond 64-bit integers only a double reads it: a C encoder's 17 digits are the same double
      '{"c":9.9999999999999992e+22,"d":1.2345678901234568e+30}',
    ])
      expect(integersExact(text), text).toBe(true);
  });

  it('agrees with a round trip for any JSON holding any doubles', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v);
        expect(integersExact(text)).toBe(true);
      }),
    );
  });
});
