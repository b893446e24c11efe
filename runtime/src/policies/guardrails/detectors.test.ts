import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Guardrail } from '../../core/config.js';
import { loadPatternEngine, re2Problem } from '../../core/pattern-engine.js';
import { type DetectorName, detect, ibanValid, luhn } from './detectors.js';
import { CompiledGuardrail, fold } from './scan.js';

const found = (name: DetectorName, text: string) => detect(name, text).map((s) => text.slice(s.start, s.end));

/** Per detector: what it must find (whole, as written) and what it must leave alone. */
const CASES: Record<DetectorName, { finds: string[]; ignores: string[] }> = {
  email: {
    finds: ['ada@example.com', 'first.last+tag@mail.example.co.uk', 'x_y@sub-domain.example.org'],
    ignores: ['@decorator', 'user@localhost', 'a..b@example.com', 'name@example', 'npm i @scope/pkg@1.2.3'],
  },
  phone: {
    finds: ['+1 415 555 0132', '+44 20 7946 0958', '(415) 555-0132', '415-555-0132', '+4915123456789'],
    ignores: ['2026-12-01', '12:30:45', 'v1.2.3', '1234567', '+12'],
  },
  'us-ssn': {
    finds: ['123-45-6789', '078-05-1120'],
    ignores: [
      '000-12-3456',
      '666-12-3456',
      '900-12-3456',
      '123-00-4567',
      '123-45-0000',
      '2026-12-01',
      '1-123-45-6789', // part of a longer number
    ],
  },
  'uk-nino': { finds: ['JG 10 37 81 A', 'AB123456D'], ignores: ['GB123456A', 'QQ123456C', 'AB123456E'] },
  // 0 and 8 begin no SIN (046 454 286 is the well-known fictitious one)
  'ca-sin': { finds: ['130 692 544', '130-692-544'], ignores: ['046-454-286', '130-692-545', '123-456-789'] },
  'payment-card': {
    finds: [
      '4111 1111 1111 1111',
      '5555-5555-5555-4444',
      '378282246310005',
      '6011111111111117',
      '4012888888881881',
    ],
    ignores: [
      '4111 1111 1111 1112',
      '1234 5678 9012 3456',
      '4111-1111 1111.1111',
      '9111111111111111',
      '2026120112345678',
    ],
  },
  iban: {
    finds: [
      'DE89 3704 0044 0532 0130 00',
      'GB82WEST12345698765432',
      'FR1420041010050500013M02606',
      'de89370400440532013000', // banks read it in either case
    ],
    ignores: ['DE89 3704 0044 0532 0130 01', 'GB82WEST1234569876543', 'XX82WEST12345698765432'],
  },
  'ip-address': {
    finds: ['192.168.1.20', '10.0.0.1', '2001:db8::8a2e:370:7334', 'fe80::1:2:3'],
    ignores: ['256.1.1.1', '1.2.3', '1.2.3.4.5', 'std::vector', '12:30:45', 'a::b'],
  },
  'aws-access-key': {
    finds: ['AKIAIOSFODNN7EXAMPLE', 'ASIAY34FZKBOKMUTVV7A'],
    ignores: ['AKIAIOSFODNN7EXAMPL', 'AKIAiosfodnn7example', 'XKIAIOSFODNN7EXAMPLE'],
  },
  'private-key': {
    finds: [
      '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----',
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----',
    ],
    ignores: ['-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----'],
  },
  jwt: {
    finds: [
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    ],
    ignores: ['eyJub3RhIjoiand0In0.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abc', 'eyJhbGciOiJIUzI1NiJ9'],
  },
  'high-entropy': {
    finds: ['ghp_R8x2Kq9LmZ7vT3nW5yB1cD4fH6jP0sUe', 'sk9FQ2hTzXw7Lr3Vb8Nc1Md5Kp0Ja6Yg'],
    ignores: [
      '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
      'internationalization-and-localization',
      '/usr/local/share/applications/mcp',
      '12345678901234567890123456789012',
    ],
  },
};

describe('built-in detectors', () => {
  for (const [name, { finds, ignores }] of Object.entries(CASES) as [
    DetectorName,
    (typeof CASES)[DetectorName],
  ][]) {
    it(`${name}: finds true positives in running text, and leaves false ones alone`, () => {
      for (const text of finds) expect(found(name, `before ${text} after`), text).toEqual([text]);
      for (const text of ignores) expect(found(name, `before ${text} after`), text).toEqual([]);
    });
  }

  it('ends a private key without its END line where the JSON string it stands in ends', () => {
    const text = '{"key":"-----BEGIN PRIVATE KEY-----\\nMIIEvAIBADANBg","user":"bob"}';
    const scanned = guardrail({ detectors: ['private-key'] }).scan({ text }, true, true);
    const out = (scanned.redacted as { text: string }).text;
    expect(JSON.parse(out)).toEqual({ key: '[REDACTED:private-key]', user: 'bob' });
  });

  it('finds a number a word leads into with a hyphen (`ssn-…`, `cc-…`)', () => {
    expect(found('us-ssn', 'ssn-123-45-6789')).toEqual(['123-45-6789']);
    expect(found('payment-card', 'cc-4111111111111111.')).toEqual(['4111111111111111']);
  });

  it('finds a card number or an IBAN that other digits or words stand next to', () => {
    expect(found('payment-card', 'card 4111 1111 1111 1111 123 exp 12/29')).toEqual(['4111 1111 1111 1111']);
    expect(found('payment-card', 'qty 2 4111111111111111')).toEqual(['4111111111111111']);
    expect(found('payment-card', '1 4111-1111-1111-1111 2')).toEqual(['4111-1111-1111-1111']);
    expect(found('iban', 'IBAN: DE89 3704 0044 0532 0130 00 BIC COBADEFFXXX')).toEqual([
      'DE89 3704 0044 0532 0130 00',
    ]);
    expect(found('iban', 'GB82 WEST 1234 5698 7654 32 EUR')).toEqual(['GB82 WEST 1234 5698 7654 32']);
    // digits that make no card however they are cut: nothing
    expect(found('payment-card', '1234 5678 9012 3456 789')).toEqual([]);
  });

  it('finds a private key in base64 however long its run; other long runs of base64 are data', () => {
    const body = randomBytes(1200)
      .toString('base64')
      .replace(/(.{64})/g, '$1\n');
    const pem = `-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----\n`;
    const encoded = Buffer.from(pem).toString('base64');
    expect(encoded.length).toBeGreaterThan(512);
    expect(found('high-entropy', `tls.key: ${encoded}`)).toEqual([encoded]);
    const certificate = Buffer.from(pem.replaceAll('RSA PRIVATE KEY', 'CERTIFICATE')).toString('base64');
    expect(found('high-entropy', `tls.crt: ${certificate}`)).toEqual([]);
    // after a name in the same run (an environment line), and behind a certificate (a bundle)
    expect(found('high-entropy', `"Env": ["TLS_KEY=${encoded}"]`)).toEqual([encoded]);
    const bundle = Buffer.from(pem.replaceAll('RSA PRIVATE KEY', 'CERTIFICATE') + pem).toString('base64');
    expect(found('high-entropy', `haproxy.pem: ${bundle}`)).toEqual([bundle]);
  });

  it('finds the random value of a name=value pair, not the name with it', () => {
    const hex = 'a3f9c2e81b7d4056f1e9a2c3b8d70e4f';
    expect(found('high-entropy', `token=${hex}`)).toEqual([hex]);
    expect(found('high-entropy', `https://api.example/v1?access_token=${hex}&x=1`)).toEqual([hex]);
    expect(found('high-entropy', 'SECRET_KEY=sk9FQ2hTzXw7Lr3Vb8Nc1Md5Kp0Ja6Yg')).toEqual([
      'sk9FQ2hTzXw7Lr3Vb8Nc1Md5Kp0Ja6Yg',
    ]);
    expect(found('high-entropy', 'feature_flag_enabled=true_for_internal_users')).toEqual([]);
    // a value too short to judge alone, in a run that looks random whole
    expect(found('high-entropy', 'api_key=Zq7Xp2Lm9Rt4Vb8Nc1Kd')).toEqual(['Zq7Xp2Lm9Rt4Vb8Nc1Kd']);
    expect(found('high-entropy', 'password=H7k2Pq9Lm4Xr8Vt3')).toEqual(['H7k2Pq9Lm4Xr8Vt3']);
  });

  it('finds an email whose address is not all ASCII letters, whole', () => {
    // in quotes, as code and logs write them
    expect(found('email', "email = 'john@example.com'")).toEqual(['john@example.com']);
    expect(found('email', "('jane@corp.io',)")).toEqual(['jane@corp.io']);
    for (const address of [
      'müller@example.de',
      'rené@example.fr',
      "o'brien@example.ie",
      '_john@example.com',
      'john_@example.com',
    ])
      expect(found('email', `mail ${address} today`), address).toEqual([address]);
  });

  it('finds an email inside code, not the code around it', () => {
    const code = 'const owner = "ops@example.com"; // page ops@example.com at night\nuser.email@domain';
    expect(found('email', code)).toEqual(['ops@example.com', 'ops@example.com']);
  });

  it('Luhn: every generated card number is found, and none with a wrong check digit (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 14, maxLength: 14 }), (body) => {
        const partial = `4${body.join('')}`;
        const check = [...Array(10).keys()].find((d) => luhn(`${partial}${d}`))!;
        const card = `${partial}${check}`;
        expect(found('payment-card', `card ${card} ok`)).toEqual([card]);
        const wrong = `${partial}${(check + 1) % 10}`;
        expect(found('payment-card', `card ${wrong} ok`)).toEqual([]);
      }),
    );
  });

  it('IBAN: a changed digit always breaks the checksum (property)', () => {
    const iban = 'DE89370400440532013000';
    expect(ibanValid(iban)).toBe(true);
    fc.assert(
      fc.property(
        fc.integer({ min: 4, max: iban.length - 1 }),
        fc.integer({ min: 1, max: 9 }),
        (at, plus) => {
          const digit = (Number(iban[at]) + plus) % 10;
          expect(ibanValid(`${iban.slice(0, at)}${digit}${iban.slice(at + 1)}`)).toBe(false);
        },
      ),
    );
  });

  it('ends a private key at its END line, else at the end of the JSON string or text it stands in', () => {
    const text =
      'a -----BEGIN PRIVATE KEY-----\nAAA\n-----END PRIVATE KEY----- b -----BEGIN EC PRIVATE KEY-----\nBBB", "c": 1';
    expect(detect('private-key', text).map(({ start, end }) => text.slice(start, end))).toEqual([
      '-----BEGIN PRIVATE KEY-----\nAAA\n-----END PRIVATE KEY-----',
      '-----BEGIN EC PRIVATE KEY-----\nBBB',
    ]);
    const bare = 'x -----BEGIN PRIVATE KEY-----\nCCC';
    expect(detect('private-key', bare)).toEqual([{ start: 2, end: bare.length }]);
  });

  it('stays linear on long adversarial input', () => {
    const inputs = [
      'a'.repeat(200_000),
      '1 '.repeat(100_000),
      `${'A'.repeat(100_000)}@`,
      'x:'.repeat(100_000),
      // many BEGIN lines and no END line: each used to scan on to the text's end (minutes at 4 MB)
      '-----BEGIN PRIVATE KEY-----"'.repeat(150_000),
      `${'-----BEGIN RSA PRIVATE KEY-----\n'.repeat(100_000)}-----END RSA PRIVATE KEY-----`,
    ];
    const started = performance.now();
    for (const text of inputs) for (const name of Object.keys(CASES) as DetectorName[]) detect(name, text);
    // a generous bound: a backtracking blow-up takes minutes, not seconds
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

beforeAll(() => loadPatternEngine());

const guardrail = (over: Partial<Guardrail> = {}) =>
  new CompiledGuardrail({
    name: 'pii',
    workspace: 'default',
    detectors: ['email', 'payment-card'],
    ...over,
  } as Guardrail);

describe('scanning and redaction', () => {
  it('redacts each finding in place: same shape, valid MCP content, counts per detector', () => {
    const result = {
      content: [
        { type: 'text', text: 'Mail ada@example.com, card 4111 1111 1111 1111.' },
        { type: 'image', data: Buffer.from('ada@example.com').toString('base64'), mimeType: 'image/png' },
      ],
      structuredContent: { owner: 'bob@example.org', nested: [{ note: 'none here' }] },
      _meta: { trace: 'carol@example.net' },
    };
    // a tool's result: the image's payload is no text of it; _meta is
    const scanned = guardrail().scan(result, true, true);
    expect(scanned.counts).toEqual({ email: 3, 'payment-card': 1 });
    expect(scanned.redacted).toEqual({
      content: [
        { type: 'text', text: 'Mail [REDACTED:email], card [REDACTED:payment-card].' },
        { type: 'image', data: Buffer.from('ada@example.com').toString('base64'), mimeType: 'image/png' },
      ],
      structuredContent: { owner: '[REDACTED:email]', nested: [{ note: 'none here' }] },
      _meta: { trace: '[REDACTED:email]' },
    });
    // the original is untouched
    expect(result.structuredContent.owner).toBe('bob@example.org');
  });

  it('reads a text blob as its text (redacted and encoded again); binary blobs are left alone', () => {
    const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]),
      Buffer.from('dave@example.com'),
    ]);
    const contents = {
      contents: [
        { uri: 'file:///a.txt', mimeType: 'text/plain', blob: base64('owner: ada@example.com') },
        { uri: 'file:///b.json', mimeType: 'application/ld+json', blob: base64('{"m":"bob@example.org"}') },
        { uri: 'file:///c', blob: base64('no type, carol@example.net') },
        { uri: 'file:///d.png', mimeType: 'image/png', blob: png.toString('base64') },
        { uri: 'file:///e', blob: Buffer.from([0xff, 0xfe, 0x00, 0x41]).toString('base64') },
      ],
    };
    const scanned = guardrail().scan(contents, true, true);
    expect(scanned.counts).toEqual({ email: 3 });
    const blobs = (scanned.redacted as typeof contents).contents.map((c) =>
      Buffer.from(c.blob, 'base64').toString('utf8'),
    );
    expect(blobs.slice(0, 3)).toEqual([
      'owner: [REDACTED:email]',
      '{"m":"[REDACTED:email]"}',
      'no type, [REDACTED:email]',
    ]);
    expect(Buffer.from(contents.contents[3]!.blob, 'base64')).toEqual(png);
    expect((scanned.redacted as typeof contents).contents[3]!.blob).toBe(contents.contents[3]!.blob);
    // a type not known to be text whose bytes read as text (an e-mail, lines of JSON): found, and not
    // rewritten in place (its format may count its bytes), so a redacting guardrail blocks it
    for (const [mimeType, body] of [
      ['message/rfc822', 'From: erin@example.com\r\n\r\nHi'],
      ['application/x-ndjson', '{"to":"fay@example.com"}\n'],
    ] as const) {
      const sniffed = guardrail().scan(
        { contents: [{ uri: 'x:1', mimeType, blob: base64(body) }] },
        true,
        true,
      );
      expect(sniffed.counts, mimeType).toEqual({ email: 1 });
      expect(sniffed.unredactable, mimeType).toBe(true);
    }
  });

  it('finds in keys what it finds in values; a key cannot be redacted', () => {
    const scanned = guardrail().scan({ structuredContent: { 'ada@example.com': 1 } }, true, true);
    expect(scanned.counts).toEqual({ email: 1 });
    expect(scanned.unredactable).toBe(true);
  });

  it('reads a card number a client sends as a JSON number by its checksum; it cannot be redacted', () => {
    const card = guardrail({ detectors: ['payment-card'] });
    const scanned = card.scan({ card: 4111111111111111, cvc: 123 }, true);
    expect(scanned.counts).toEqual({ 'payment-card': 1 });
    expect(scanned.unredactable).toBe(true);
    // timestamps, ids and amounts are no cards; a wrong check digit neither
    for (const value of [1733300000000, 4111111111111112, 9007199254740991, 12.5, -4111111111111111])
      expect(card.scan({ value }, true).counts, String(value)).toEqual({});
    // in what a server sends, a number is an id far more often: not read
    expect(card.scan({ structuredContent: { id: 4111111111111111 } }, true, true).counts).toEqual({});
    // other detectors read no numbers
    expect(
      guardrail({ detectors: ['phone', 'us-ssn'] }).scan({ n: 4155550123, s: 123456789 }, false).counts,
    ).toEqual({});
  });

  it('sees through fullwidth forms and invisible characters; such a finding is the whole string', () => {
    const hidden = [
      'mail ａｄａ＠ｅｘａｍｐｌｅ．ｃｏｍ now', // fullwidth
      'mail ada\u0332@exam\u0336ple.com now', // combining marks
      'mail ada@exa\u0301mple.com now', // a combining accent Unicode composes (NFC: `á`)
      'mail ada\u200b@exa\u00admple.com now', // zero-width space, soft hyphen
      'mail ada@example\u2060.com now', // word joiner
      'mail ada\ud800@example.com now', // a lone surrogate (a decoder drops it or shows a box)
      'mail ada@exa\udc00mple.com now',
      'mail ada@\u2800example.com now', // the Braille blank
      'mail ada@ex\ue000ample.com now', // a private-use character
      'mail ada@example.\ufffecom now', // noncharacters
      'mail ada@example.\ufdd0com now',
      'card 4111\u202e1111 1111 1111', // a bidi control inside a card number
      'card ٤١١١ ١١١١ ١١١١ ١١١١', // Arabic-Indic digits
      'card ४१११११११११११११११', // Devanagari digits
      'card 4111–1111–1111–1111', // en dashes, as word processors set them
      'card 4111−1111−1111−1111', // minus signs
    ];
    for (const text of hidden) {
      const scanned = guardrail().scan({ text }, true, true);
      expect(
        Object.values(scanned.counts).reduce((a, b) => a + b, 0),
        text,
      ).toBe(1);
      expect((scanned.redacted as { text: string }).text, text).toMatch(
        /^\[REDACTED:(email|payment-card)\]$/,
      );
    }
    // text that needs no folding keeps its exact findings, whatever else it holds
    const plain = guardrail().scan({ text: 'Grüße an ada@example.com' }, true, true);
    expect(plain.redacted).toEqual({ text: 'Grüße an [REDACTED:email]' });
    expect(guardrail({ keywords: ['secret'] }).scan('top s\u200Becret', false).counts).toEqual({
      keyword: 1,
    });
    // keywords too, also those with letters of their own that a reader sees composed
    const keywords = guardrail({ detectors: [], keywords: ['ignore previous instructions', 'contraseña'] });
    expect(keywords.scan('igno\u0301re previous instructions', false).counts).toEqual({ keyword: 1 });
    // a phrase's words apart by more than one space, or a line break: the phrase still
    for (const text of ['ignore  previous instructions', 'ignore\nprevious\t instructions'])
      expect(keywords.scan(text, false).counts, text).toEqual({ keyword: 1 });
    // spaces around a keyword are none of it, and a keyword of spaces alone is none
    const spaced = guardrail({ detectors: [], keywords: ['  ', ' secret '] });
    expect(spaced.scan('a  b\nsecret!', false).counts).toEqual({ keyword: 1 });
    expect(spaced.scan(`${' '.repeat(50_000)}x`, false).counts).toEqual({});
    // what one reader sees as nothing and another as a gap is read both ways: the words apart, and joined
    const words = guardrail({ detectors: ['email'], keywords: ['password', 'ignore previous instructions'] });
    for (const gap of ['\u2800', '\ue000', '\ud800', '\ufffe'])
      expect(
        words.scan(
          `my${gap}password${gap}is; ignore${gap}previous${gap}instructions; ada${gap}@example.com`,
          false,
        ).counts,
        JSON.stringify(gap),
      ).toEqual({ keyword: 2, email: 1 });
    // fullwidth between Braille blanks: only the reading with gaps shows the word
    expect(words.scan('my\u2800ｐａｓｓｗｏｒｄ\u2800is', false).counts).toEqual({ keyword: 1 });
    const blanked = guardrail({ detectors: [], keywords: ['password'], action: 'redact' });
    expect(blanked.scan({ text: 'my\u2800password\u2800is' }, true).redacted).toEqual({
      text: 'my\u2800[REDACTED:keyword]\u2800is',
    });
    expect(guardrail({ action: 'redact' }).scan({ text: 'ada\ud800@example.com' }, true).redacted).toEqual({
      text: '[REDACTED:email]',
    });
    expect(keywords.scan('la contrasen\u0303a', false).counts).toEqual({ keyword: 1 });
    expect(keywords.scan('la contraseña', false).counts).toEqual({ keyword: 1 });
    // and redacted where found that way: the redacted text holds none of it, in either reading
    const redacting = guardrail({ detectors: [], keywords: ['contraseña'], action: 'redact' });
    const decomposed = redacting.scan({ text: 'mi contrasen\u0303a es x' }, true);
    expect(decomposed.counts).toEqual({ keyword: 1 });
    expect((decomposed.redacted as { text: string }).text).not.toMatch(/contrase/);
    // letters a text writes composed are letters, not a keyword with marks on: no finding in `año`, `ガス`
    const short = guardrail({ detectors: [], keywords: ['ano', 'カス', '\u200d'] });
    expect(short.scan('feliz año nuevo', false).counts).toEqual({});
    expect(short.scan('ガス', false).counts).toEqual({});
    expect(short.scan('plain words', false).counts).toEqual({});
  });

  it('redaction keeps any JSON value valid and of the same shape, with no email left (property)', () => {
    const withEmails = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.string(),
        fc.tuple(fc.string(), fc.string()).map(([a, b]) => `${a} someone@example.com ${b}`),
        // the address hidden from a plain reading: invisible or combining characters inside, fullwidth forms
        fc
          .tuple(
            fc.string(),
            fc.array(
              fc.tuple(
                fc.nat(19),
                fc.constantFrom(
                  '\u200b',
                  '\u00ad',
                  '\u2060',
                  '\ufeff',
                  '\u0332',
                  '\u202e',
                  '\ud800',
                  '\u2800',
                  '\ue000',
                ),
              ),
            ),
            fc.boolean(),
          )
          .map(([a, hidden, wide]) => {
            let email = wide ? 'ｓｏｍｅｏｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ' : 'someone@example.com';
            for (const [at, mark] of hidden) email = `${email.slice(0, at)}${mark}${email.slice(at)}`;
            return `${a} ${email}, someone@example.com`;
          }),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(fc.string({ maxLength: 8 }), tie('value'), { maxKeys: 4 }),
      ),
    })).value;
    fc.assert(
      fc.property(withEmails, (value) => {
        const scanned = guardrail({ detectors: ['email'] }).scan(value, true);
        const out = scanned.redacted ?? value;
        const shape = (v: unknown): unknown =>
          Array.isArray(v)
            ? v.map(shape)
            : typeof v === 'object' && v !== null
              ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]))
              : typeof v;
        expect(shape(JSON.parse(JSON.stringify(out)))).toEqual(shape(JSON.parse(JSON.stringify(value))));
        expect(fold(JSON.stringify(out))).not.toContain('someone@example.com');
      }),
    );
  });

  it('reads what claims to be binary as text when it is not, and a blob as a lenient reader would', () => {
    const g = guardrail();
    // a blob outside a resource's contents, or in _meta, is just text
    expect(g.scan({ structuredContent: { blob: 'contact ada@example.com' } }, false, true).counts).toEqual({
      email: 1,
    });
    expect(g.scan({ _meta: { blob: 'bob@example.org' } }, false, true).counts).toEqual({ email: 1 });
    // image data that is no base64
    expect(g.scan({ content: [{ type: 'image', data: 'carol@example.net' }] }, false, true).counts).toEqual({
      email: 1,
    });
    const resource = (blob: string, mimeType?: string) => ({
      contents: [{ uri: 'file:///x', blob, ...(mimeType !== undefined ? { mimeType } : {}) }],
    });
    const cases: [string, ReturnType<typeof resource>][] = [
      // padding mid-string: Node's decoder stops there, lenient ones do not
      ['non-canonical base64', resource('YWRh=QGV4YW1wbGUuY29t', 'text/plain')],
      ['UTF-16LE without a type', resource(Buffer.from('dave@example.com', 'utf16le').toString('base64'))],
      [
        'Latin-1 by its charset',
        resource(
          Buffer.from('é dave@example.com', 'latin1').toString('base64'),
          'text/plain; charset=iso-8859-1',
        ),
      ],
      // base64url: its `-` and `_` are the alphabet's last two letters, no noise to skip
      ['base64url', resource(Buffer.from('??>>~~ dave@example.com').toString('base64url'), 'text/plain')],
      [
        'no UTF-8 without a type',
        resource(Buffer.concat([Buffer.from([0xff]), Buffer.from(' dave@example.com')]).toString('base64')),
      ],
    ];
    for (const [what, value] of cases) {
      const scanned = g.scan(value, true, true);
      expect(scanned.counts, what).toEqual({ email: 1 });
      // what cannot be written back exactly is not rewritten: redaction blocks instead
      expect(scanned.unredactable, what).toBe(true);
    }
  });

  it('passes over megabytes of image data and binary blobs without choking', () => {
    const data = Buffer.alloc(6 * 1024 * 1024, 0xab).toString('base64');
    const result = {
      content: [{ type: 'image', mimeType: 'image/png', data }],
      contents: [{ uri: 'file:///x.bin', mimeType: 'application/octet-stream', blob: data }],
    };
    const started = performance.now();
    expect(guardrail({ detectors: ['email', 'high-entropy'] }).scan(result, true, true).counts).toEqual({});
    // a generous bound: a backtracking check of the base64 overflows or takes seconds
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('leaves the protocol’s own identifiers in _meta alone', () => {
    const token = 'tok_8fK2pQ9xLm3Zr7Vb1Nc4Yw6T';
    const request = {
      messages: [],
      _meta: { progressToken: token, 'io.modelcontextprotocol/related-task': { taskId: token }, note: token },
    };
    const scanned = guardrail({ detectors: ['high-entropy'] }).scan(request, true, true);
    expect(scanned.counts).toEqual({ 'high-entropy': 1 });
    expect((scanned.redacted as typeof request)._meta).toEqual({
      progressToken: token,
      'io.modelcontextprotocol/related-task': { taskId: token },
      note: '[REDACTED:high-entropy]',
    });
  });

  it('leaves a task’s id and a list’s cursor in what a server answers alone: the client needs them back', () => {
    const id = 'tok_8fK2pQ9xLm3Zr7Vb1Nc4Yw6T';
    const high = guardrail({ detectors: ['high-entropy'] });
    const redacted = (value: unknown, status = false) =>
      high.scan(value, true, true, status).redacted ?? value;
    // a task created, a task's status, a page of tasks: only the server's own words are redacted
    expect(redacted({ task: { taskId: id, status: 'working', statusMessage: id } })).toEqual({
      task: { taskId: id, status: 'working', statusMessage: '[REDACTED:high-entropy]' },
    });
    expect(redacted({ taskId: id, status: 'completed' }, true)).toEqual({ taskId: id, status: 'completed' });
    expect(redacted({ tasks: [{ taskId: id, status: 'working' }], nextCursor: id }, true)).toEqual({
      tasks: [{ taskId: id, status: 'working' }],
      nextCursor: id,
    });
    // in a tool's result (no task's status), they are content
    expect(redacted({ content: [], taskId: id, nextCursor: id })).toEqual({
      content: [],
      taskId: '[REDACTED:high-entropy]',
      nextCursor: '[REDACTED:high-entropy]',
    });
    // deeper, or in what a client sends, they are data like any other
    expect(redacted({ structuredContent: { taskId: id, nextCursor: id } })).toEqual({
      structuredContent: { taskId: '[REDACTED:high-entropy]', nextCursor: '[REDACTED:high-entropy]' },
    });
    expect(high.scan({ taskId: id, nextCursor: id }, false, false).counts).toEqual({ 'high-entropy': 2 });
  });

  it('scans the data of an image that is no base64 as it stands: text with spaces is not', () => {
    const image = {
      type: 'image',
      mimeType: 'image/png',
      data: 'card 4111111111111111 AKIAIOSFODNN7EXAMPLE',
    };
    const scanned = guardrail({ detectors: ['payment-card', 'aws-access-key'] }).scan(
      { content: [image] },
      false,
      true,
    );
    expect(scanned.counts).toEqual({ 'payment-card': 1, 'aws-access-key': 1 });
  });

  it('takes only the top _meta of what a server sends for the protocol’s: deeper, or in arguments, it is data', () => {
    const key = 'AKIAIOSFODNN7EXAMPLE';
    const hidden = { _meta: { progressToken: key, 'io.modelcontextprotocol/x': { key } } };
    const scan = (value: unknown, content: boolean) =>
      guardrail({ detectors: ['aws-access-key'] }).scan(value, false, content);
    expect(scan({ note: hidden }, false).counts).toEqual({ 'aws-access-key': 2 });
    expect(scan(hidden, false).counts).toEqual({ 'aws-access-key': 2 });
    expect(scan({ content: [], structuredContent: { row: hidden } }, true).counts).toEqual({
      'aws-access-key': 2,
    });
    expect(scan(hidden, true).counts).toEqual({});
  });

  it('scans arguments whole: their keys, _meta and data fields too (a finding in a key is unredactable)', () => {
    const args = { 'ada@example.com': 1, blob: '4111 1111 1111 1111', _meta: { note: 'bob@example.org' } };
    const scanned = guardrail().scan(args, true);
    expect(scanned.counts).toEqual({ email: 2, 'payment-card': 1 });
    expect(scanned.unredactable).toBe(true);
  });

  it('own patterns and keywords, sizes and depth', () => {
    const own = guardrail({ detectors: [], patterns: ['PRJ-\\d{4}'], keywords: ['Project Falcon'] });
    expect(own.scan({ a: 'see PRJ-1234 about project falcon' }, true)).toEqual({
      counts: { pattern: 1, keyword: 1 },
      unredactable: false,
      redacted: { a: 'see [REDACTED:pattern] about [REDACTED:keyword]' },
    });
    expect(own.scan({ a: 'falconry' }, false).counts).toEqual({});
    const small = guardrail({ detectors: [], maxBytes: 10 });
    expect(small.scan({ text: 'more than ten bytes' }, true)).toMatchObject({
      counts: { size: 1 },
      unredactable: true,
    });
    let deep: unknown = 'x';
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(guardrail().scan(deep, false)).toMatchObject({ counts: { depth: 1 }, unredactable: true });
  });

  it('takes as own patterns what RE2 runs: no lookarounds or backreferences', () => {
    expect(re2Problem('(?=secret)\\w+')).toContain('no lookarounds or backreferences');
    expect(re2Problem('(a)\\1')).toContain('RE2');
    expect(re2Problem('[')).toContain('RE2');
    for (const fine of ['PRJ-\\d{4}', '(a+)+$', '\\w+@corp\\.com', '(?i)falcon', '\\p{Lu}{3}-\\d+'])
      expect(re2Problem(fine), fine).toBeUndefined();
  });

  it('runs own patterns in linear time on payloads that take a backtracking engine hours', () => {
    const own = guardrail({ detectors: [], patterns: ['\\w+@corp\\.com', '(a+)+$', '(a*)*b'] });
    const started = performance.now();
    expect(own.scan({ text: 'a'.repeat(1_000_000) }, false).counts).toEqual({ pattern: 1 });
    // a generous bound: the backtracking engine took 0.4 s on 20,000 letters, growing with their square
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('sees Unicode spaces and line separators as the spaces `\\s` matches', () => {
    const own = guardrail({ detectors: [], patterns: ['password\\s*=\\s*\\S+'] });
    for (const space of ['\u00a0', '\u1680', '\u2003', '\u2028', '\u3000'])
      expect(own.scan({ text: `password${space}=hunter2` }, false).counts, escape(space)).toEqual({
        pattern: 1,
      });
  });

  it('finds with RE2 where the text has characters past the basic plane, and runs a stored lookahead as written', () => {
    const own = guardrail({ detectors: [], patterns: ['PRJ-\\d{4}', '(?=secret)\\w+'] });
    const scanned = own.scan({ text: '😀 é PRJ-1234, secret_x' }, true);
    expect(scanned.redacted).toEqual({ text: '😀 é [REDACTED:pattern], [REDACTED:pattern]' });
  });
});
