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

/** A query parameter's name and value pairs (not yet encoded: the query builder encodes them). */
export function queryPairs(
  name: string,
  value: unknown,
  style: ParameterStyle,
  explode: boolean,
): [string, string][] {
  const items = Array.isArray(value) ? value : undefined;
  const pairs = isObject(value) ? Object.entries(value) : undefined;
  if (style === 'deepObject' && pairs !== undefined)
    return pairs.map(([k, v]) => [`${name}[${k}]`, textOf(v)]);
  // (exploded, a delimited array is written as `form` writes it)
  if ((style === 'spaceDelimited' || style === 'pipeDelimited') && items !== undefined && !explode)
    return [[name, items.map(textOf).join(style === 'spaceDelimited' ? ' ' : '|')]];
  // form
  if (items !== undefined)
    return explode ? items.map((v) => [name, textOf(v)]) : [[name, items.map(textOf).join(',')]];
  if (pairs !== undefined)
    return explode
      ? pairs.map(([k, v]) => [k, textOf(v)])
      : [[name, pairs.map(([k, v]) => `${k},${textOf(v)}`).join(',')]];
  return [[name, textOf(value)]];
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
