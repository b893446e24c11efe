/**
 * OpenAPI 3 parameter serialisation (`style`, `explode`): how an array or object argument is written into
 * a path, a query or a header. A primitive is its text; a member that is itself an array or object (no
 * style says how to write it) is its JSON text.
 */

export type ParameterStyle =
  | 'simple'
  | 'label'
  | 'matrix'
  | 'form'
  | 'spaceDelimited'
  | 'pipeDelimited'
  | 'deepObject';

export const PARAMETER_STYLES: readonly ParameterStyle[] = [
  'simple',
  'label',
  'matrix',
  'form',
  'spaceDelimited',
  'pipeDelimited',
  'deepObject',
];

/** The style a location takes when the document names none, and whether it explodes by default. */
export const defaultStyle = (where: 'path' | 'query' | 'header' | 'cookie'): ParameterStyle =>
  where === 'query' || where === 'cookie' ? 'form' : 'simple';

const textOf = (value: unknown): string =>
  typeof value === 'string' ? value : value === null ? '' : JSON.stringify(value);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A path placeholder's text, percent-encoded (its delimiters left as the style writes them). */
export function pathValue(name: string, value: unknown, style: ParameterStyle, explode: boolean): string {
  const e = (v: unknown) => encodeURIComponent(textOf(v));
  const pairs = isObject(value) ? Object.entries(value) : undefined;
  const items = Array.isArray(value) ? value : undefined;
  if (style === 'label') {
    const sep = explode ? '.' : ',';
    if (items !== undefined) return `.${items.map(e).join(sep)}`;
    if (pairs !== undefined)
      return `.${pairs.map(([k, v]) => (explode ? `${e(k)}=${e(v)}` : `${e(k)},${e(v)}`)).join(sep)}`;
    return `.${e(value)}`;
  }
  if (style === 'matrix') {
    const n = encodeURIComponent(name);
    if (items !== undefined)
      return explode ? items.map((v) => `;${n}=${e(v)}`).join('') : `;${n}=${items.map(e).join(',')}`;
    if (pairs !== undefined)
      return explode
        ? pairs.map(([k, v]) => `;${e(k)}=${e(v)}`).join('')
        : `;${n}=${pairs.map(([k, v]) => `${e(k)},${e(v)}`).join(',')}`;
    return `;${n}=${e(value)}`;
  }
  // simple
  if (items !== undefined) return items.map(e).join(',');
  if (pairs !== undefined)
    return pairs.map(([k, v]) => (explode ? `${e(k)}=${e(v)}` : `${e(k)},${e(v)}`)).join(',');
  return e(value);
}

/**
 * A query parameter's `name=value` pairs, percent-encoded: each item on its own, the style's delimiters
 * as the specification writes them (`,` as it is, a space as `%20`, a pipe as `%7C`), so that a value's
 * own commas (`%2C`) are never taken for delimiters. A cookie parameter's too (style `form`).
 */
export function queryPairs(name: string, value: unknown, style: ParameterStyle, explode: boolean): string[] {
  const e = (v: unknown) => encodeURIComponent(textOf(v));
  const n = encodeURIComponent(name);
  const items = Array.isArray(value) ? value : undefined;
  const pairs = isObject(value) ? Object.entries(value) : undefined;
  if (style === 'deepObject' && pairs !== undefined)
    return pairs.map(([k, v]) => `${encodeURIComponent(`${name}[${k}]`)}=${e(v)}`);
  // (exploded, a delimited array is written as `form` writes it)
  if ((style === 'spaceDelimited' || style === 'pipeDelimited') && items !== undefined && !explode)
    return [`${n}=${items.map(e).join(style === 'spaceDelimited' ? '%20' : '%7C')}`];
  // form
  if (items !== undefined)
    return explode ? items.map((v) => `${n}=${e(v)}`) : [`${n}=${items.map(e).join(',')}`];
  if (pairs !== undefined)
    return explode
      ? pairs.map(([k, v]) => `${e(k)}=${e(v)}`)
      : [`${n}=${pairs.map(([k, v]) => `${e(k)},${e(v)}`).join(',')}`];
  return [`${n}=${e(value)}`];
}

/** A header's value (style `simple`, the only one headers have). */
export function headerValue(value: unknown, explode: boolean): string {
  if (Array.isArray(value)) return value.map(textOf).join(',');
  if (isObject(value))
    return Object.entries(value)
      .map(([k, v]) => (explode ? `${k}=${textOf(v)}` : `${k},${textOf(v)}`))
      .join(',');
  return textOf(value);
}
