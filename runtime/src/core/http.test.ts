import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acceptable, bodyText } from './http.js';

describe('acceptable (Accept, RFC 9110 §12.5.1)', () => {
  it('takes a type its most specific range names with a quality above 0', () => {
    const cases: [string | undefined, string, boolean][] = [
      [undefined, 'text/event-stream', true],
      ['application/json, text/event-stream', 'text/event-stream', true],
      ['application/json', 'text/event-stream', false],
      ['application/json;q=0, text/event-stream', 'application/json', false],
      ['application/json, text/event-stream;q=0', 'text/event-stream', false],
      ['application/json, text/event-stream; q=0.0', 'text/event-stream', false],
      ['application/json, text/event-stream;q=0.001', 'text/event-stream', true],
      ['*/*', 'text/event-stream', true],
      ['text/*', 'text/event-stream', true],
      ['TEXT/Event-Stream', 'text/event-stream', true],
      // the more specific range decides, whichever comes first
      ['*/*, text/event-stream;q=0', 'text/event-stream', false],
      ['text/event-stream;q=0, text/*', 'text/event-stream', false],
      ['*/*;q=0, application/json', 'application/json', true],
      ['application/*', 'application/json', true],
      ['', 'application/json', false],
      // a quality that is no number from 0 to 1 counts as none given
      ['application/json, application/json;q=1.2.3', 'application/json', true],
      ['application/json;q=abc', 'application/json', true],
      ['application/json;q=.', 'application/json', true],
      ['application/json;q=0.000', 'application/json', false],
    ];
    // twice: the second answer is the remembered one
    for (const [accept, type, taken] of [...cases, ...cases])
      expect([accept, type, acceptable(accept, type)]).toEqual([accept, type, taken]);
  });

  it('never throws, whatever the header (fuzz)', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom('application/json', 'text/event-stream'), (accept, type) => {
        expect(typeof acceptable(accept, type)).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });
});

describe('bodyText', () => {
  it('says when bytes were no UTF-8', () => {
    expect(bodyText(Buffer.from('{"a":"é"}'))).toEqual({ body: '{"a":"é"}' });
    expect(bodyText(Buffer.from([0x22, 0xff, 0x22]))).toEqual({
      body: '"\ufffd"',
      malformedText: true,
      receivedBytes: 3,
    });
  });
});
