import { describe, expect, it } from 'vitest';
import { headerValue, pathValue, queryPairs } from './openapi-style.js';

// the examples of the OpenAPI 3 specification's style table
const color = ['blue', 'black', 'brown'];
const rgb = { R: 100, G: 200, B: 150 };
const query = (value: unknown, style: Parameters<typeof queryPairs>[2], explode: boolean) =>
  queryPairs('color', value, style, explode).join('&');

describe('OpenAPI parameter styles', () => {
  it('writes path values as simple, label and matrix say, exploded or not', () => {
    expect(pathValue('color', 'blue', 'simple', false)).toBe('blue');
    expect(pathValue('color', color, 'simple', false)).toBe('blue,black,brown');
    expect(pathValue('color', rgb, 'simple', false)).toBe('R,100,G,200,B,150');
    expect(pathValue('color', rgb, 'simple', true)).toBe('R=100,G=200,B=150');
    expect(pathValue('color', color, 'label', false)).toBe('.blue,black,brown');
    expect(pathValue('color', color, 'label', true)).toBe('.blue.black.brown');
    expect(pathValue('color', rgb, 'label', true)).toBe('.R=100.G=200.B=150');
    expect(pathValue('color', 'blue', 'matrix', false)).toBe(';color=blue');
    expect(pathValue('color', color, 'matrix', false)).toBe(';color=blue,black,brown');
    expect(pathValue('color', color, 'matrix', true)).toBe(';color=blue;color=black;color=brown');
    expect(pathValue('color', rgb, 'matrix', true)).toBe(';R=100;G=200;B=150');
    // a value's own delimiters and slashes are escaped: it stays one segment
    expect(pathValue('p', ['a,b', 'c/d'], 'simple', false)).toBe('a%2Cb,c%2Fd');
  });

  it('writes query values as form, spaceDelimited, pipeDelimited and deepObject say', () => {
    expect(query(color, 'form', true)).toBe('color=blue&color=black&color=brown');
    expect(query(color, 'form', false)).toBe('color=blue,black,brown');
    expect(query(rgb, 'form', true)).toBe('R=100&G=200&B=150');
    expect(query(rgb, 'form', false)).toBe('color=R,100,G,200,B,150');
    expect(query(color, 'spaceDelimited', false)).toBe('color=blue%20black%20brown');
    expect(query(color, 'pipeDelimited', false)).toBe('color=blue%7Cblack%7Cbrown');
    expect(query(rgb, 'deepObject', true)).toBe('color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150');
    // a member with no style of its own is its JSON text
    expect(query([{ a: 1 }], 'form', true)).toBe('color=%7B%22a%22%3A1%7D');
    // a value's own delimiters are escaped: never taken for the style's
    expect(query(['a,b', 'c|d e&f'], 'form', false)).toBe('color=a%2Cb,c%7Cd%20e%26f');
    expect(query('x=1&y', 'form', true)).toBe('color=x%3D1%26y');
  });

  it('writes header values as simple says', () => {
    expect(headerValue(color, false)).toBe('blue,black,brown');
    expect(headerValue(rgb, false)).toBe('R,100,G,200,B,150');
    expect(headerValue(rgb, true)).toBe('R=100,G=200,B=150');
    expect(headerValue(5, false)).toBe('5');
  });
});
