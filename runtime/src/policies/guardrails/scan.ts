/**
 * One guardrail compiled for scanning: its detectors, its own patterns and keywords, its size limit. A
 * JSON value is scanned string by string, object keys and `_meta` included; the base64 payload of a blob
 * is scanned as the text it encodes when its MIME type says text (or it names none and decodes as UTF-8),
 * while image and audio data are left alone. Redaction replaces each finding in its string with
 * `[REDACTED:<detector>]`, so the value stays valid JSON of the same shape and MCP content stays valid.
 *
 * Text is also scanned in Unicode's compatibility form with invisible characters removed (NFKC, default
 * ignorable and format code points), so fullwidth letters, zero-width spaces or bidi controls slipped into
 * an address do not hide it; a finding only that form shows is the whole string.
 */
import type { Guardrail } from '../../core/config.js';
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

/** Plain ASCII is its own compatibility form: most text skips folding after this one test. */
const NOT_ASCII = /[\u0080-\uffff]/;
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}]/gu;

/** What a reader sees of `text`: compatibility characters folded, invisible ones gone. */
export const fold = (text: string) => text.normalize('NFKC').replace(INVISIBLE, '');

/** MIME types whose blobs hold text a model or a person reads. */
const TEXT_TYPE =
  /^(text\/|application\/([\w.-]+\+)?(json|xml|yaml|x-yaml|javascript|ecmascript|x-www-form-urlencoded|sql|graphql|csv)\b)/i;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The text a blob encodes, when it is text; undefined for binary content. */
function blobText(blob: string, mimeType: unknown): string | undefined {
  if (typeof mimeType === 'string' && mimeType !== '' && !TEXT_TYPE.test(mimeType)) return undefined;
  const bytes = Buffer.from(blob, 'base64');
  if (typeof mimeType === 'string' && mimeType !== '') return bytes.toString('utf8');
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

const perDetector = (findings: readonly Finding[]) => {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.detector, (counts.get(f.detector) ?? 0) + 1);
  return counts;
};

export class CompiledGuardrail {
  private readonly detectors: DetectorName[];
  private readonly patterns: RegExp[];
  private readonly keywords: RegExp | undefined;

  constructor(readonly rule: Guardrail) {
    this.detectors = (rule.detectors ?? []).filter((d): d is DetectorName =>
      (DETECTORS as readonly string[]).includes(d),
    );
    // patterns were checked on write (patterns.ts); one that does not compile is left out, not run
    this.patterns = (rule.patterns ?? []).flatMap((p) => {
      try {
        return [new RegExp(p, 'gu')];
      } catch {
        return [];
      }
    });
    const words = rule.keywords ?? [];
    this.keywords =
      words.length === 0
        ? undefined
        : new RegExp(
            words
              .map((w) => {
                const body = escapeRegExp(w);
                // whole words when the keyword starts or ends with a word character
                return `${/^\w/.test(w) ? '\\b' : ''}${body}${/\w$/.test(w) ? '\\b' : ''}`;
              })
              .join('|'),
            'giu',
          );
  }

  /**
   * What this guardrail finds in one string, overlapping findings merged (the first detector named). When
   * only the folded text shows some finding, each of its findings spans the whole string.
   */
  find(text: string): Finding[] {
    const found = this.spans(text);
    if (!NOT_ASCII.test(text)) return found;
    const folded = fold(text);
    if (folded === text) return found;
    const hidden = this.spans(folded);
    const seen = perDetector(found);
    for (const [detector, count] of perDetector(hidden))
      if (count > (seen.get(detector) ?? 0))
        return hidden.map((f) => ({ start: 0, end: text.length, detector: f.detector }));
    return found;
  }

  private spans(text: string): Finding[] {
    const found: Finding[] = [];
    const digits = countDigits(text);
    for (const name of this.detectors)
      for (const span of detect(name, text, digits)) found.push({ ...span, detector: name });
    for (const pattern of this.patterns) {
      pattern.lastIndex = 0;
      for (const match of text.matchAll(pattern))
        if (match[0].length > 0)
          found.push({ start: match.index, end: match.index + match[0].length, detector: 'pattern' });
    }
    if (this.keywords !== undefined) {
      this.keywords.lastIndex = 0;
      for (const match of text.matchAll(this.keywords))
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
   * and audio, and reads a text blob as its text.
   */
  scan(value: unknown, redact: boolean, content = false): ScanResult {
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
    const text = (node: string): string => {
      const findings = this.find(node);
      if (findings.length === 0) return node;
      for (const f of findings) count(f.detector);
      if (!redact) return node;
      changed = true;
      let out = '';
      let at = 0;
      for (const f of findings) {
        out += `${node.slice(Math.min(at, f.start), f.start)}[REDACTED:${f.detector}]`;
        at = f.end;
      }
      return out + node.slice(at);
    };
    const walk = (node: unknown, depth: number): unknown => {
      if (typeof node === 'string') return text(node);
      if (typeof node !== 'object' || node === null) return node;
      if (depth >= MAX_DEPTH) {
        count('depth');
        unredactable = true;
        return node;
      }
      if (Array.isArray(node)) {
        let copy: unknown[] | undefined;
        node.forEach((item, i) => {
          const next = walk(item, depth + 1);
          if (next === item) return;
          copy ??= [...node];
          copy[i] = next;
        });
        return copy ?? node;
      }
      const record = node as Record<string, unknown>;
      // the base64 payload of an image or audio is no text to scan
      const binary = content && (record['type'] === 'image' || record['type'] === 'audio');
      let copy: Record<string, unknown> | undefined;
      for (const [key, item] of Object.entries(record)) {
        if (binary && key === 'data') continue;
        const inKey = this.find(key);
        for (const f of inKey) count(f.detector);
        if (inKey.length > 0) unredactable = true;
        let next: unknown;
        if (content && key === 'blob' && typeof item === 'string') {
          const decoded = blobText(item, record['mimeType']);
          if (decoded === undefined) continue;
          const scanned = text(decoded);
          next = scanned === decoded ? item : Buffer.from(scanned, 'utf8').toString('base64');
        } else next = walk(item, depth + 1);
        if (next === item) continue;
        copy ??= { ...record };
        copy[key] = next;
      }
      return copy ?? node;
    };
    const redacted = walk(value, 0);
    return { counts, unredactable, ...(changed ? { redacted } : {}) };
  }
}
