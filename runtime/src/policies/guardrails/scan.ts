/**
 * One guardrail compiled for scanning: its detectors, its own patterns and keywords, its size limit. A
 * JSON value is scanned string by string (object keys, `_meta`, and the base64 payloads of image, audio
 * and blob content are left alone); redaction replaces each finding in its string with
 * `[REDACTED:<detector>]`, so the value stays valid JSON of the same shape and MCP content stays valid.
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

  /** What this guardrail finds in one string, overlapping findings merged (the first detector named). */
  find(text: string): Finding[] {
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
   * Scans a JSON value; with `redact`, also answers it with every finding replaced. `content` (a tool's
   * result) leaves alone what is no text of the result: `_meta` and the base64 payloads of binary
   * content. Arguments are scanned whole, their keys too (a finding in a key cannot be redacted).
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
    const walk = (node: unknown, depth: number): unknown => {
      if (typeof node === 'string') {
        const findings = this.find(node);
        if (findings.length === 0) return node;
        for (const f of findings) count(f.detector);
        if (!redact) return node;
        changed = true;
        let out = '';
        let at = 0;
        for (const f of findings) {
          out += `${node.slice(at, f.start)}[REDACTED:${f.detector}]`;
          at = f.end;
        }
        return out + node.slice(at);
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
          const next = walk(item, depth + 1);
          if (next === item) return;
          copy ??= [...node];
          copy[i] = next;
        });
        return copy ?? node;
      }
      const record = node as Record<string, unknown>;
      // the base64 payload of binary content is no text to scan
      const binary = content && (record['type'] === 'image' || record['type'] === 'audio');
      let copy: Record<string, unknown> | undefined;
      for (const [key, item] of Object.entries(record)) {
        if (content && (key === '_meta' || key === 'blob' || (binary && key === 'data'))) continue;
        if (!content) {
          const inKey = this.find(key);
          for (const f of inKey) count(f.detector);
          if (inKey.length > 0) unredactable = true;
        }
        const next = walk(item, depth + 1);
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
