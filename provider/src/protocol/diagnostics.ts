/** Diagnostics: what the provider reports instead of throwing, each with an attribute path when known. */
import type { AttributePath, AttributePathStep, Diagnostic } from './messages.js';

export type PathSegment = string | number | { key: string };

export function attributePath(segments: readonly PathSegment[]): AttributePath {
  const steps: AttributePathStep[] = segments.map((segment) => {
    if (typeof segment === 'number') return { element_key_int: segment };
    if (typeof segment === 'string') return { attribute_name: segment };
    return { element_key_string: segment.key };
  });
  return { steps };
}

export function errorDiagnostic(summary: string, detail = '', path?: readonly PathSegment[]): Diagnostic {
  const diagnostic: Diagnostic = { severity: 'ERROR', summary, detail };
  if (path && path.length > 0) diagnostic.attribute = attributePath(path);
  return diagnostic;
}

export function warningDiagnostic(summary: string, detail = '', path?: readonly PathSegment[]): Diagnostic {
  return { ...errorDiagnostic(summary, detail, path), severity: 'WARNING' };
}

/** Thrown inside an RPC to end it with these diagnostics. */
export class DiagnosticsError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => d.summary).join('; '));
    this.name = 'DiagnosticsError';
    this.diagnostics = diagnostics;
  }
}

export function fail(summary: string, detail = '', path?: readonly PathSegment[]): never {
  throw new DiagnosticsError([errorDiagnostic(summary, detail, path)]);
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'ERROR');
}
