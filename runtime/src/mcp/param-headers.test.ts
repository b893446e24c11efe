import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkParamHeaders, headerParams, paramHeaders } from './param-headers.js';

const sql = {
  type: 'object',
  properties: {
    region: { type: 'string', 'x-mcp-header': 'Region' },
    query: { type: 'string' },
    limits: { type: 'object', properties: { rows: { type: 'integer', 'x-mcp-header': 'Rows' } } },
    dry: { type: 'boolean', 'x-mcp-header': 'Dry-Run' },
  },
};

describe('x-mcp-header parameters (2026-07-28)', () => {
  it('finds the annotated properties reached through properties alone', () => {
    expect(headerParams(sql)).toEqual([
      { name: 'Region', path: ['region'], type: 'string' },
      { name: 'Rows', path: ['limits', 'rows'], type: 'integer' },
      { name: 'Dry-Run', path: ['dry'], type: 'boolean' },
    ]);
    expect(headerParams({ type: 'object' })).toEqual([]);
    expect(headerParams(undefined)).toEqual([]);
  });

  it.each([
    ['an empty name', { properties: { a: { type: 'string', 'x-mcp-header': '' } } }],
    ['no token', { properties: { a: { type: 'string', 'x-mcp-header': 'Bad Name' } } }],
    ['a number', { properties: { a: { type: 'number', 'x-mcp-header': 'A' } } }],
    ['an object', { properties: { a: { type: 'object', 'x-mcp-header': 'A' } } }],
    [
      'names alike but for case',
      {
        properties: {
          a: { type: 'string', 'x-mcp-header': 'Region' },
          b: { type: 'string', 'x-mcp-header': 'region' },
        },
      },
    ],
    ['under items', { properties: { a: { type: 'array', items: { type: 'string', 'x-mcp-header': 'A' } } } }],
    ['under oneOf', { oneOf: [{ properties: { a: { type: 'string', 'x-mcp-header': 'A' } } }] }],
  ])('calls a tool invalid for %s', (_, schema) => {
    expect(headerParams(schema)).toBeNull();
  });

  it('makes the headers of a call from its arguments: strings as they are or in base64, integers, booleans', () => {
    expect(
      paramHeaders(sql, { region: 'us-west1', query: 'SELECT 1', limits: { rows: 42 }, dry: false }),
    ).toEqual({
      'mcp-param-region': 'us-west1',
      'mcp-param-rows': '42',
      'mcp-param-dry-run': 'false',
    });
    expect(paramHeaders(sql, { region: 'Zürich ' })).toEqual({
      'mcp-param-region': `=?base64?${Buffer.from('Zürich ').toString('base64')}?=`,
    });
    // no value, null: no header
    expect(paramHeaders(sql, { region: null, limits: {} })).toEqual({});
  });

  it('checks a client’s headers against its arguments: each mirrored value present and the same', () => {
    const args = { region: 'us-west1', limits: { rows: 42 } };
    const ok = { 'mcp-param-region': 'us-west1', 'mcp-param-rows': '42.0' };
    expect(() => checkParamHeaders(ok, sql, args)).not.toThrow();
    const refusals: [Record<string, string>, RegExp][] = [
      [{ 'mcp-param-rows': '42' }, /Mcp-Param-Region header is missing/],
      [
        { ...ok, 'mcp-param-region': 'eu-west1' },
        /Mcp-Param-Region header does not match the argument "region"/,
      ],
      [{ ...ok, 'mcp-param-rows': '43' }, /Mcp-Param-Rows header does not match the argument "limits.rows"/],
      // the number in other forms than decimal digits: what reads the header's text may read another
      ...['0x2A', '4.2e1', '+42', '42.5', '0b101010', ' '].map((rows): [Record<string, string>, RegExp] => [
        { ...ok, 'mcp-param-rows': rows },
        /does not match/,
      ]),
      // base64 that is not canonical, or of no UTF-8, says nothing
      [{ ...ok, 'mcp-param-region': '=?base64?dXMtd2VzdDE?=' }, /does not match/],
      [{ ...ok, 'mcp-param-region': '=?base64?/w==?=' }, /does not match/],
    ];
    for (const [headers, message] of refusals)
      expect(() => checkParamHeaders(headers, sql, args)).toThrow(message);
    const encoded = { ...ok, 'mcp-param-region': `=?base64?${Buffer.from('us-west1').toString('base64')}?=` };
    expect(() => checkParamHeaders(encoded, sql, args)).not.toThrow();
  });

  it('reads back every value it writes (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.integer(), fc.boolean(), (region, rows, dry) => {
        const args = { region, limits: { rows }, dry };
        expect(() => checkParamHeaders(paramHeaders(sql, args), sql, args)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });
});
