/**
 * One guardrail compiled for scanning: its detectors, its own patterns and keywords, its size limit. A
 * JSON value is scanned string by string, object keys and `_meta` included (but for the protocol's own
 * identifiers there: a progress token, `io.modelcontextprotocol/` keys); the base64 data of an image or
 * audio is left alone, and a resource's blob is scanned as the text it encodes when its MIME type says
 * text (or it names none, or its bytes read as text whatever it says). What does not look like what it claims to be (data or a blob that is no
 * canonical base64) is scanned as it stands. Redaction replaces each finding in its string with
 * `[REDACTED:<detector>]`, so the value stays valid JSON of the same shape and MCP content stays valid.
 *
 * Text is also scanned as a reader sees it (`fold`: compatibility forms folded, invisible, combining and
 * control characters removed), so fullwidth letters, zero-width spaces or bidi controls slipped into an address do
 * not hide it; what only that form shows is redacted with the whole string.
 */

import type { Guardrail } from '../../core/config.js';
import { lruCache } from '../../core/lru.js';
import { compilePattern, type PatternMatcher } from '../../core/pattern-engine.js';
import { isEraMeta } from '../../mcp/era.js';
import { countDigits, DETECTORS, type DetectorName, detect, type Span } from './detectors.js';

export interface Finding extends Span {
  detector: string;
}

export interface ScanResult {
  /** Findings per detector (`pattern`, `keyword`, `size` and `depth` besides the built-in names). */
  counts: Record<string, number>;
  /** The value with every finding replaced (when asked to redact and something was found). */
  redacted?: unknown;
  /** Something was found that redaction cannot remove (over the size limit, too deep to scan). */
  unredactable: boolean;
}

/** Deeper than this, a value is not scanned: it counts as a `depth` finding (never passed unseen). */
const MAX_DEPTH = 64;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Printable ASCII (and tab, newlines) is its own folded form: most text skips folding after this test. */
const PLAIN = /^[\t\n\r -~]*$/;
/**
 * What no reader sees: default-ignorable, format, combining and control characters; lone surrogates,
 * private-use characters and noncharacters (what a decoder downstream drops or shows as a box, the text
 * around them read as if they were not there); and the Braille blank, which shows as a space but is none.
 */
const HIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are among what it removes
  /[\p{Default_Ignorable_Code_Point}\p{Cf}\p{Mn}\p{Me}\p{Cs}\p{Co}\p{Noncharacter_Code_Point}\u2800\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/gu;
/**
 * What one reader sees as nothing and another as a gap (a box, a blank): lone surrogates, private-use
 * characters, noncharacters, the Braille blank. `fold` drops them (`ada\ud800@example.com` is an
 * address); {@link foldSpaced} reads a space instead (`my\u2800password` holds the word `password`), and
 * text is scanned in both readings.
 */
const AMBIGUOUS = /[\p{Cs}\p{Co}\p{Noncharacter_Code_Point}\u2800]/gu;
const HAS_AMBIGUOUS = /[\p{Cs}\p{Co}\p{Noncharacter_Code_Point}\u2800]/u;
/** Folded strings, shared by the guardrails that scan the same payload. */
const folded = lruCache<string, string>(4096);

const DIGIT = /\p{Nd}/u;
const digitValues = new Map<string, string>();
/**
 * The ASCII digit a decimal digit of any script reads as (NFKC keeps `٤` and `४`): Unicode places each
 * script's digits in a run from 0 to 9, so its value is how far it stands from the start of its run.
 */
function asciiDigit(digit: string): string {
  let value = digitValues.get(digit);
  if (value === undefined) {
    let code = digit.codePointAt(0)!;
    let steps = 0;
    while (DIGIT.test(String.fromCodePoint(code - 1))) {
      code--;
      steps++;
    }
    value = String(steps % 10);
    digitValues.set(digit, value);
  }
  return value;
}

/**
 * What a reader sees of `text`: compatibility characters folded (Unicode spaces become ASCII ones, any
 * script's digits ASCII ones, dashes and the minus sign hyphens); invisible, combining and control ones
 * gone. Combining marks written as characters of their own go before NFKC, which would fuse `a` and an
 * accent slipped into an address or a keyword into `á` (no pattern for the address then matches); the
 * letters a text writes composed (`año`, `ガ`) stay what they are.
 */
export function fold(text: string): string {
  if (PLAIN.test(text)) return text;
  const known = folded.get(text);
  if (known !== undefined) return known;
  // the spaces and line breaks NFKC leaves become ASCII ones: patterns (RE2's `\s`) see them as spaces
  const result = text
    .replace(HIDDEN, '')
    .normalize('NFKC')
    .replace(HIDDEN, '')
    .replace(/\u1680/g, ' ')
    .replace(/[\u2028\u2029]/g, '\n')
    .replace(/[\p{Nd}\p{Pd}\u2212]/gu, (c) => (c < '\x7f' ? c : DIGIT.test(c) ? asciiDigit(c) : '-'));
  if (text.length <= 1024) folded.set(text, result);
  return result;
}

/** `text` folded as a reader who sees a gap where `fold` sees nothing; undefined when that is the same. */
export function foldSpaced(text: string): string | undefined {
  if (PLAIN.test(text) || !HAS_AMBIGUOUS.test(text)) return undefined;
  return fold(text.replace(AMBIGUOUS, ' '));
}

/** Per detector, the findings of whichever reading shows more of them. */
function mostOf(a: Finding[], b: Finding[]): Finding[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out: Finding[] = [];
  for (const detector of new Set([...a, ...b].map((f) => f.detector))) {
    const inA = a.filter((f) => f.detector === detector);
    const inB = b.filter((f) => f.detector === detector);
    out.push(...(inB.length > inA.length ? inB : inA));
  }
  return out;
}

/** MIME types whose blobs hold text a model or a person reads. */
const TEXT_TYPE =
  /^(text\/|application\/([\w.-]+\+)?(json|xml|yaml|x-yaml|javascript|ecmascript|x-www-form-urlencoded|sql|graphql|csv)\b)/i;
/**
 * Base64 every decoder reads alike (line breaks aside): its alphabet, padding only at the end, whole
 * quads. One pass without backtracking (payloads run to megabytes).
 */
function isBase64(value: string): boolean {
  let length = 0;
  let padding = 0;
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    // line breaks, as MIME wraps it; no spaces, or any text of letters and digits would pass for base64
    if (code === 0x0a || code === 0x0d) continue;
    length++;
    if (code === 0x3d) {
      padding++;
      continue;
    }
    const letter =
      (code >= 0x41 && code <= 0x5a) ||
      (code >= 0x61 && code <= 0x7a) ||
      (code >= 0x30 && code <= 0x39) ||
      code === 0x2b ||
      code === 0x2f;
    if (!letter || padding > 0) return false;
  }
  return length % 4 === 0 && padding <= 2;
}

/** Whether a blob of this MIME type is text (none named: it may be). */
const textType = (mimeType: unknown) =>
  typeof mimeType !== 'string' || mimeType === '' || TEXT_TYPE.test(mimeType);
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Whether bytes of a type not known to be text read as text all the same (an e-mail's `message/rfc822`,
 * `application/x-ndjson`, `image/svg+xml`): UTF-8 throughout, without control characters but line breaks
 * and tabs. Binary data fails this within its first bytes, nearly always.
 */
function readsAsText(bytes: Buffer): boolean {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return false;
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
}

/** `_meta` members that are the protocol's own identifiers, not content. */
const PROTOCOL_META = (key: string) => key === 'progressToken' || isEraMeta(key);

/**
 * Where a server's answer holds the protocol's own identifiers (random, so often "high entropy"): the id
 * of a task created (`task.taskId` of any answer), and in a task's status (`tasks/get`, `tasks/list`,
 * `tasks/cancel`: `taskStatus`) its id, each listed task's and the next cursor. Rewritten, they would
 * leave the client unable to fetch its result or the next page; anywhere else they are content.
 */
type Ids = 'answer' | 'status' | 'task';
const idsOf = (ids: Ids | undefined, name: string, item: unknown): Ids | undefined =>
  ids !== undefined && ids !== 'task' && name === 'task' && typeof item === 'object' && item !== null
    ? 'task'
    : undefined;
const isProtocolId = (ids: Ids | undefined, name: string) =>
  (ids === 'status' && (name === 'nextCursor' || name === 'taskId')) || (ids === 'task' && name === 'taskId');

interface BlobText {
  text: string;
  /** Whether the text encodes back to the same bytes (redaction may then rewrite the blob). */
  exact: boolean;
}

/**
 * The text a resource's blob of a text type encodes. A charset other than UTF-8, bytes that are no
 * UTF-8, or NULs between the letters (UTF-16) still give the text a lenient reader would show, but not
 * an exact one.
 */
function blobText(bytes: Buffer, mimeType: unknown): BlobText {
  const type = typeof mimeType === 'string' ? mimeType : '';
  const charset = /;\s*charset="?([\w.:-]+)/i.exec(type)?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8' && charset !== 'us-ascii') {
    try {
      return { text: new TextDecoder(charset).decode(bytes), exact: false };
    } catch {
      return { text: bytes.toString('latin1'), exact: false };
    }
  }
  let text: string;
  let exact = true;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    text = bytes.toString('utf8');
    exact = false;
  }
  if (text.includes('\u0000')) return { text: text.replaceAll('\u0000', ''), exact: false };
  return { text, exact };
}

/**
 * One pattern for a guardrail's keywords: whole words where a keyword starts or ends with a word
 * character; the space between a phrase's words is any run of spaces or line breaks (a wrapped line, a
 * double space read as the phrase alike).
 */
function keywordPattern(keywords: readonly string[]): RegExp | undefined {
  // (spaces around a keyword are no part of it; one of spaces alone is no keyword)
  const words = keywords.map((w) => w.trim()).filter((w) => w !== '');
  if (words.length === 0) return undefined;
  const alternatives = words.map(
    (w) =>
      `${/^\w/.test(w) ? '\\b' : ''}${escapeRegExp(w).replace(/\s+/g, '\\s+')}${/\w$/.test(w) ? '\\b' : ''}`,
  );
  return new RegExp(alternatives.join('|'), 'giu');
}

const perDetector = (findings: readonly Finding[]) => {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.detector, (counts.get(f.detector) ?? 0) + 1);
  return counts;
};

export class CompiledGuardrail {
  private readonly detectors: DetectorName[];
  /** Whether integers are read as card numbers (JSON numbers are no text, but a card may be sent as one). */
  private readonly numericCards: boolean;
  private readonly patterns: PatternMatcher[];
  private readonly keywords: RegExp | undefined;
  /** The keywords as a reader sees them, for the folded text (`contraseña` found as `contrasena`). */
  private readonly foldedKeywords: RegExp | undefined;

  constructor(readonly rule: Guardrail) {
    this.detectors = (rule.detectors ?? []).filter((d): d is DetectorName =>
      (DETECTORS as readonly string[]).includes(d),
    );
    this.numericCards = this.detectors.includes('payment-card');
    // patterns were checked on write (patterns.ts); one that does not compile is left out, not run
    this.patterns = (rule.patterns ?? []).flatMap((p) => compilePattern(p) ?? []);
    const words = rule.keywords ?? [];
    this.keywords = keywordPattern(words);
    // as written (`contraseña`), and without the marks a decomposed text's folding drops (`contrasena`)
    this.foldedKeywords = keywordPattern([
      ...new Set(words.flatMap((w) => [fold(w), fold(w.normalize('NFD'))]).filter((w) => w !== '')),
    ]);
  }

  /**
   * What this guardrail finds in one string, as it stands (`raw`, exact spans) and as a reader sees it
   * (`hidden`, spans in the folded text; the same list when folding changes nothing).
   */
  private findIn(text: string): { raw: Finding[]; hidden: Finding[]; folds: boolean } {
    const raw = this.spans(text);
    const seen = fold(text);
    if (seen === text) return { raw, hidden: raw, folds: false };
    const hidden = this.spans(seen, this.foldedKeywords);
    const spaced = foldSpaced(text);
    return {
      raw,
      hidden: spaced === undefined ? hidden : mostOf(hidden, this.spans(spaced, this.foldedKeywords)),
      folds: true,
    };
  }

  /** Whether a reader finds anything in `text` (in either reading of what is read two ways). */
  private readerFinds(text: string): boolean {
    if (this.spans(fold(text), this.foldedKeywords).length > 0) return true;
    const spaced = foldSpaced(text);
    return spaced !== undefined && this.spans(spaced, this.foldedKeywords).length > 0;
  }

  /** Overlapping findings merged (the first detector named). */
  private spans(text: string, keywords = this.keywords): Finding[] {
    const found: Finding[] = [];
    const digits = countDigits(text);
    for (const name of this.detectors)
      for (const span of detect(name, text, digits)) found.push({ ...span, detector: name });
    for (const pattern of this.patterns)
      for (const [start, end] of pattern(text)) found.push({ start, end, detector: 'pattern' });
    if (keywords !== undefined) {
      keywords.lastIndex = 0;
      for (const match of text.matchAll(keywords))
        found.push({ start: match.index, end: match.index + match[0].length, detector: 'keyword' });
    }
    if (found.length < 2) return found;
    found.sort((a, b) => a.start - b.start || b.end - a.end);
    const merged: Finding[] = [found[0]!];
    for (const next of found.slice(1)) {
      const last = merged[merged.length - 1]!;
      if (next.start < last.end) last.end = Math.max(last.end, next.end);
      else merged.push(next);
    }
    return merged;
  }

  /**
   * Scans a JSON value, keys too (a finding in a key cannot be redacted); with `redact`, also answers it
   * with every finding replaced. `content` (what a server sends) leaves alone the base64 data of images
   * and audio, and reads a text blob as its text; `taskStatus`, that it is a task's status.
   */
  scan(value: unknown, redact: boolean, content = false, taskStatus = false): ScanResult {
    const counts: Record<string, number> = {};
    const count = (detector: string) => {
      counts[detector] = (counts[detector] ?? 0) + 1;
    };
    let unredactable = false;
    const max = this.rule.maxBytes;
    if (max !== undefined && Buffer.byteLength(JSON.stringify(value) ?? '') > max) {
      count('size');
      unredactable = true;
    }
    let changed = false;
    /** Counts what a string holds, each detector as often as the form that shows it more. */
    const tally = (raw: readonly Finding[], hidden: readonly Finding[]) => {
      const shown = perDetector(raw);
      for (const [detector, n] of perDetector(hidden))
        shown.set(detector, Math.max(n, shown.get(detector) ?? 0));
      for (const [detector, n] of shown) counts[detector] = (counts[detector] ?? 0) + n;
    };
    /** A string scanned (and redacted); `exact` false when it cannot be written back as redacted. */
    const text = (node: string, exact = true): string => {
      const { raw, hidden, folds } = this.findIn(node);
      if (raw.length === 0 && hidden.length === 0) return node;
      tally(raw, hidden);
      if (!redact) return node;
      if (!exact) {
        unredactable = true;
        return node;
      }
      changed = true;
      let out = '';
      let at = 0;
      for (const f of raw) {
        out += `${node.slice(at, f.start)}[REDACTED:${f.detector}]`;
        at = f.end;
      }
      out += node.slice(at);
      // what only the reader's form shows cannot be placed in the string: the whole string goes
      if (folds && this.readerFinds(out))
        out = [...new Set([...raw, ...hidden].map((f) => f.detector))].map((d) => `[REDACTED:${d}]`).join('');
      return out;
    };
    /** Keys repeat (rows of one shape): each is looked at once per scan. */
    const keys = new Map<string, { raw: Finding[]; hidden: Finding[] }>();
    const key = (name: string) => {
      let found = keys.get(name);
      if (found === undefined) {
        found = this.findIn(name);
        keys.set(name, found);
      }
      if (found.raw.length === 0 && found.hidden.length === 0) return;
      tally(found.raw, found.hidden);
      unredactable = true;
    };
    const walk = (node: unknown, depth: number, meta = false, ids?: Ids): unknown => {
      if (typeof node === 'string') return text(node);
      // a card number a client sends as a number (13 digits and more; larger than JSON keeps exactly, it
      // is not what was sent): found by its checksum, never rewritten (a string in its place changes the
      // type). Not in what servers send, where numbers that long are ids far more often than cards.
      if (typeof node === 'number') {
        if (this.numericCards && !content && Number.isSafeInteger(node) && node >= 1e12) {
          const digits = String(node);
          if (detect('payment-card', digits, digits.length).length > 0) {
            count('payment-card');
            unredactable = true;
          }
        }
        return node;
      }
      if (typeof node !== 'object' || node === null) return node;
      if (depth >= MAX_DEPTH) {
        count('depth');
        unredactable = true;
        return node;
      }
      if (Array.isArray(node)) {
        let copy: unknown[] | undefined;
        node.forEach((item, i) => {
          const next = walk(item, depth + 1, false, ids);
          if (next === item) return;
          copy ??= [...node];
          copy[i] = next;
        });
        return copy ?? node;
      }
      const record = node as Record<string, unknown>;
      // the base64 payload of an image or audio is no text to scan, when it is base64
      const binary =
        content &&
        (record['type'] === 'image' || record['type'] === 'audio') &&
        typeof record['data'] === 'string' &&
        isBase64(record['data']);
      // a resource's contents (a `uri` beside it): its blob is the bytes of the resource
      const resource = content && typeof record['uri'] === 'string';
      let copy: Record<string, unknown> | undefined;
      for (const [name, item] of Object.entries(record)) {
        if ((binary && name === 'data') || (meta && PROTOCOL_META(name)) || isProtocolId(ids, name)) continue;
        key(name);
        let next: unknown;
        if (resource && name === 'blob' && typeof item === 'string') {
          const canonical = isBase64(item);
          // what no decoder agrees on is read as lenient decoders read it, and as it stands
          if (!canonical) text(item, false);
          // (base64url's `-` and `_` are letters of its alphabet, not noise to skip)
          const lenient = item
            .replaceAll('-', '+')
            .replaceAll('_', '/')
            .replace(/[^A-Za-z0-9+/]/g, '');
          const bytes = Buffer.from(canonical ? item : lenient, 'base64');
          // of a type not known to be text, a finding is not redacted in place (a PDF's offsets would break)
          const sniffed = !textType(record['mimeType']);
          if (sniffed && !readsAsText(bytes)) continue;
          const decoded = blobText(bytes, record['mimeType']);
          const scanned = text(decoded.text, decoded.exact && canonical && !sniffed);
          next = scanned === decoded.text ? item : Buffer.from(scanned, 'utf8').toString('base64');
          // the protocol's `_meta` is the top one of a result or a server's request: deeper, or in what a
          // client sent, a `_meta` is data like any other
        } else
          next = walk(
            item,
            depth + 1,
            content && depth === 0 && name === '_meta',
            // `tasks/list`'s tasks: each a task
            ids === 'status' && name === 'tasks' && Array.isArray(item) ? 'task' : idsOf(ids, name, item),
          );
        if (next === item) continue;
        copy ??= { ...record };
        copy[name] = next;
      }
      return copy ?? node;
    };
    const redacted = walk(value, 0, false, content ? (taskStatus ? 'status' : 'answer') : undefined);
    return { counts, unredactable, ...(changed ? { redacted } : {}) };
  }
}
