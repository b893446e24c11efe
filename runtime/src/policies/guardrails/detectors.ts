/**
 * Built-in detectors of personal data and secrets in text. Each finds spans (never copies what it found
 * anywhere but the span) with a pattern narrow enough to run in linear time, then checks what the pattern
 * cannot: the Luhn digit of payment cards and Canadian SINs, the ISO 7064 mod-97 check of IBANs, the
 * ranges of SSNs and IPv4 octets, a decodable JWT header, the entropy of a token.
 */
import { isIPv6 } from 'node:net';

export const DETECTORS = [
  'email',
  'phone',
  'us-ssn',
  'uk-nino',
  'ca-sin',
  'payment-card',
  'iban',
  'ip-address',
  'aws-access-key',
  'private-key',
  'jwt',
  'high-entropy',
] as const;
export type DetectorName = (typeof DETECTORS)[number];

export interface Span {
  start: number;
  end: number;
}

/** A candidate pattern (global) and the check a match must pass; `group` picks the span within the match. */
interface Rule {
  pattern: RegExp;
  /** Where a match ends instead, when the pattern finds only its start (the rest is no regular language). */
  extend?: (text: string, start: number, from: number, state: ExtendState) => number;
  check?: (match: string) => boolean;
  /**
   * Where in a match that fails its check a finding may still stand (offsets within the match): the
   * pattern takes as much as it can, and a card number followed by its CVV, or an IBAN by the words
   * after it, would otherwise be lost with the rest.
   */
  narrow?: (match: string) => [number, number] | undefined;
  /** A cheap test first: text without it cannot hold a finding (most text is skipped here). */
  needs?: (text: string, digits: number) => boolean;
  /** Text with fewer digits cannot hold a finding. */
  minDigits?: number;
}

/** What an `extend` learned about one text so far (searched once: the scan stays linear). */
interface ExtendState {
  /** From here on the text holds no END line. */
  noEndFrom: number;
}

const digitsOf = (text: string) => text.replace(/\D/g, '');

const PRIVATE_KEY_END = /-----END (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----/g;

/**
 * A private key runs to its END line; without one, to the end of the text or of the JSON string it stands
 * in (`"`), so that a redaction keeps JSON written into a text valid. One lazy pattern for both scanned
 * to the text's end for each BEGIN line in turn (quadratic in a text of many BEGIN lines).
 */
function privateKeyEnd(text: string, _start: number, from: number, state: ExtendState): number {
  if (from < state.noEndFrom) {
    PRIVATE_KEY_END.lastIndex = from;
    const end = PRIVATE_KEY_END.exec(text);
    if (end !== null) return end.index + end[0].length;
    state.noEndFrom = from;
  }
  const quote = text.indexOf('"', from);
  return quote === -1 ? text.length : quote;
}

/** The Luhn (mod 10) check digit holds. */
export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** Card numbers by issuer prefix and length (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay). */
function cardNumber(match: string): boolean {
  const digits = digitsOf(match);
  if (digits.length < 13 || digits.length > 19 || !luhn(digits)) return false;
  // separators, when any, are one kind: "4111 1111 1111 1111", not "4111-1111 1111.1111"
  const separators = new Set(match.replace(/\d/g, ''));
  if (separators.size > 1) return false;
  const two = Number(digits.slice(0, 2));
  const four = Number(digits.slice(0, 4));
  if (digits[0] === '4') return [13, 16, 19].includes(digits.length);
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return digits.length === 16;
  if (two === 34 || two === 37) return digits.length === 15;
  if (four === 6011 || two === 65 || (four >= 6440 && four <= 6499)) return digits.length >= 16;
  if (two === 35) return digits.length >= 16;
  if (two === 36 || two === 38 || two === 30) return digits.length >= 14;
  if (two === 62) return digits.length >= 16;
  return false;
}

/** IBAN lengths of the countries that use one (ISO 13616 registry). */
const IBAN_LENGTHS: Record<string, number> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MR: 27,
  MT: 31,
  MU: 30,
  NL: 18,
  NO: 15,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  SA: 24,
  SC: 31,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
};

/** How much of a base64 run that starts as PEM does is decoded to look for a private key in it. */
const PEM_DECODED_CHARS = 64 * 1024;

/**
 * Whether a long base64 run is PEM holding a private key (a Kubernetes secret's `tls.key`, say, or a
 * bundle with its certificates first): it starts as `-----BEGIN` does in base64, and what it decodes to
 * (its first 48 KiB) has a private key's header.
 */
function encodesPrivateKey(run: string): boolean {
  if (!run.startsWith('LS0tLS1CRUdJTi')) return false;
  const text = Buffer.from(run.slice(0, PEM_DECODED_CHARS), 'base64').toString('latin1');
  return /-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY/.test(text);
}

/** A private key in base64 after a name in one run (`TLS_KEY=LS0t…`, an environment line): its span. */
function privateKeyWithin(run: string): [number, number] | undefined {
  const at = run.indexOf('=LS0tLS1CRUdJTi');
  if (at < 0 || at > 256) return undefined;
  return encodesPrivateKey(run.slice(at + 1)) ? [at + 1, run.length] : undefined;
}

/** A match's runs of characters between single separators (`/\d+/g`, `/[^ ]+/g`), with their offsets. */
function groupsOf(match: string, run: RegExp): { start: number; end: number }[] {
  return [...match.matchAll(run)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

/** The longest whole groups of a separated number that make a card number (a CVV or a quantity beside it). */
function cardWithin(match: string): [number, number] | undefined {
  const groups = groupsOf(match, /\d+/g);
  // the digits before each group: only runs of 13 to 19 digits are tried (a text of single digits apart
  // is all matches, each of many groups)
  const before = [0];
  for (const g of groups) before.push(before.at(-1)! + g.end - g.start);
  let best: [number, number] | undefined;
  for (let i = 0; i < groups.length; i++)
    for (let j = groups.length - 1; j >= i; j--) {
      const digits = before[j + 1]! - before[i]!;
      if (digits > 19) continue;
      if (digits < 13) break;
      const span: [number, number] = [groups[i]!.start, groups[j]!.end];
      if (best !== undefined && span[1] - span[0] <= best[1] - best[0]) break;
      if (cardNumber(match.slice(...span))) best = span;
    }
  return best;
}

/** The IBAN a match starts with, words after it left out (a `BIC` or a currency that fit the pattern). */
function ibanWithin(match: string): [number, number] | undefined {
  const groups = groupsOf(match, /[^ ]+/g);
  for (let j = groups.length - 2; j >= 0; j--)
    if (ibanValid(match.slice(0, groups[j]!.end))) return [0, groups[j]!.end];
  return undefined;
}

export function ibanValid(match: string): boolean {
  const iban = match.replace(/ /g, '').toUpperCase();
  if (IBAN_LENGTHS[iban.slice(0, 2)] !== iban.length) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const code = char.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : char;
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

function jwtValid(match: string): boolean {
  try {
    const header = JSON.parse(
      Buffer.from(match.split('.')[0] ?? '', 'base64url').toString('utf8'),
    ) as unknown;
    return typeof header === 'object' && header !== null && 'alg' in header;
  } catch {
    return false;
  }
}

/** Shannon entropy in bits per character. */
export function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A random-looking token: letters and digits mixed, long, and with the entropy of a random string of its
 * alphabet (hex needs more length for it); UUIDs, plain words, paths and numbers are not.
 */
export function randomToken(match: string): boolean {
  if (UUID.test(match) || !/[0-9]/.test(match) || !/[A-Za-z]/.test(match)) return false;
  // (a random 32-digit hex string falls under 3.5 one time in five, under 3.3 one in fifty)
  if (/^[0-9a-f]+$/i.test(match)) return match.length >= 32 && entropy(match) >= 3.3;
  return match.length >= 24 && entropy(match) >= 4.2 && /[a-z]/.test(match) && /[A-Z0-9]/.test(match);
}

/**
 * The token of a `name=value` run (a query string's, an env file's): the value, not its name with it; a
 * value too short to judge alone that makes the whole run look random is found too.
 */
function tokenWithin(match: string): [number, number] | undefined {
  let last: [number, number] | undefined;
  for (const part of match.matchAll(/[^=]+(?:=+$)?/g)) {
    if (part.index === 0) continue;
    last = [part.index, part.index + part[0].length];
    if (randomToken(part[0])) return last;
  }
  return last !== undefined && last[1] - last[0] >= 12 && randomToken(match) ? last : undefined;
}

const RULES: Record<DetectorName, Rule> = {
  // local part, domain labels and a letters-only TLD, in any script (`müller@…`, `rené@…`, `o'brien@…`,
  // `_ops@…`); not part of a longer word on either side
  email: {
    pattern:
      /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}_](?:[\p{L}\p{N}._%+'-]{0,62}[\p{L}\p{N}_])?@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.){1,8}\p{L}{2,24}(?![\p{L}\p{N}-])/gu,
    check: (m) => !m.includes('..'),
    needs: (text) => text.includes('@'),
  },
  // international (+ and 8–15 digits) or North American ((555) 123-4567, 555-123-4567) numbers
  phone: {
    pattern:
      /(?<![\w+])(?:\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]?\d{2,4}){1,4}|\(\d{3}\)[ .-]?\d{3}[ .-]\d{4}|\d{3}[.-]\d{3}[.-]\d{4})(?![\w-])/g,
    check: (m) => {
      const digits = digitsOf(m).length;
      return m.startsWith('+') ? digits >= 8 && digits <= 15 : digits === 10;
    },
    minDigits: 8,
  },
  'us-ssn': {
    // a hyphen may lead in after a word (`ssn-123-45-6789`), not after digits (a longer number's part)
    pattern: /(?<!\d|\d-)(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])/g,
    minDigits: 9,
  },
  'uk-nino': {
    minDigits: 6,
    pattern:
      /(?<![A-Za-z0-9])(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![A-Za-z0-9])/g,
  },
  'ca-sin': {
    pattern: /(?<![\d-])[1-79]\d{2}[- ]\d{3}[- ]\d{3}(?![\d-])/g,
    check: (m) => luhn(digitsOf(m)),
    minDigits: 9,
  },
  'payment-card': {
    // not the digits of a decimal number; a sentence's full stop may follow
    pattern: /(?<!\d|\d-|\d\.)\d(?:[ -]?\d){12,18}(?![\d-]|\.\d)/g,
    check: cardNumber,
    narrow: cardWithin,
    minDigits: 13,
  },
  iban: {
    // in either case: banks read it so (the check upper-cases it); in lower case unspaced, so that the
    // words around it are not taken in
    pattern:
      /(?<![A-Za-z0-9])(?:[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}|[a-z]{2}\d{2}[a-z0-9]{11,30})(?![A-Za-z0-9])/g,
    check: ibanValid,
    narrow: ibanWithin,
    minDigits: 4,
  },
  'ip-address': {
    pattern:
      /(?<![\w.:])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7})(?![\w.:])/g,
    needs: (text, digits) => digits >= 4 || text.includes('::') || /:[0-9A-Fa-f]{1,4}:/.test(text),
    // IPv6: three groups at least, so `a::b` in code is no address
    check: (m) => m.includes('.') || (isIPv6(m) && m.split(':').filter((g) => g !== '').length >= 3),
  },
  'aws-access-key': {
    needs: (text) => /A(?:KIA|SIA|BIA|CCA|GPA|IDA|IPA|NPA|NVA|ROA|PKA|SCA)/.test(text),
    pattern:
      /(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA|ASCA)[A-Z2-7]{16}(?![A-Z0-9])/g,
  },
  'private-key': {
    needs: (text) => text.includes('PRIVATE KEY'),
    pattern: /-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----/g,
    extend: privateKeyEnd,
  },
  jwt: {
    pattern: /(?<![\w-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*(?![\w-])/g,
    check: jwtValid,
    needs: (text) => text.includes('eyJ'),
  },
  'high-entropy': {
    // unbounded, so a long run (base64 data) is one match, not a match tried at each of its characters
    pattern: /(?<![A-Za-z0-9+/_=-])[A-Za-z0-9+/_=-]{24,}/g,
    // a run with a `=` inside (padding only ends one) is a name and its value: the value is judged; a
    // longer run is data (an image, a file), unless it is a private key in base64 (after a name too)
    check: (m) => (m.length <= 512 ? !/=[^=]/.test(m) && randomToken(m) : encodesPrivateKey(m)),
    narrow: (m) => (m.length <= 512 ? tokenWithin(m) : privateKeyWithin(m)),
    // a random token has a digit
    minDigits: 1,
  },
};

/** How many ASCII digits `text` holds (shared by the detectors of one string). */
export function countDigits(text: string): number {
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) digits++;
  }
  return digits;
}

/** The spans of `text` one built-in detector finds (`digits`: its digit count, when known). */
export function detect(name: DetectorName, text: string, digits?: number): Span[] {
  const rule = RULES[name];
  const count = digits ?? countDigits(text);
  if (rule.minDigits !== undefined && count < rule.minDigits) return [];
  if (rule.needs !== undefined && !rule.needs(text, count)) return [];
  const spans: Span[] = [];
  // `exec` on the rule's own pattern (synchronous, so never shared mid-scan): `matchAll` would clone it
  const { pattern, extend } = rule;
  const state: ExtendState = { noEndFrom: Number.POSITIVE_INFINITY };
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    let end = match.index + match[0].length;
    if (extend !== undefined) {
      end = extend(text, match.index, end, state);
      pattern.lastIndex = Math.max(pattern.lastIndex, end);
    }
    if (end === match.index) pattern.lastIndex++;
    else if (rule.check === undefined || rule.check(text.slice(match.index, end)))
      spans.push({ start: match.index, end });
    else {
      const within = rule.narrow?.(text.slice(match.index, end));
      if (within !== undefined) spans.push({ start: match.index + within[0], end: match.index + within[1] });
    }
  }
  return spans;
}
