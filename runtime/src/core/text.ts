/** The first `max` UTF-16 units of `text`, one fewer when the last would be half of a surrogate pair. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}

/**
 * A member name as a decoder that ignores case reads it: each character's simple lower case, then that
 * one's simple upper case, as Go's `encoding/json` matches names, so that `ſ`, the Kelvin sign and `İ`
 * fold with `s`, `k` and `i` (JavaScript's own mappings take `İ` to two characters, `i` and a dot).
 */
export function foldCase(name: string): string {
  // ASCII alone folds by its upper case; the other characters one at a time
  if (!NON_ASCII.test(name)) return name.toUpperCase();
  let folded = '';
  for (const character of name) folded += upperOf(lowerOf(character));
  return folded;
}

const NON_ASCII = /[^\0-\x7f]/;

/** A character's simple case mapping: the full one where that is one character, else its first (`İ`). */
function lowerOf(character: string): string {
  const lower = character.toLowerCase();
  return String.fromCodePoint(lower.codePointAt(0) ?? 0);
}

/** A full upper case of more than one character (`ß`, ligatures) has no simple one: the character stays. */
function upperOf(character: string): string {
  const upper = character.toUpperCase();
  return upper.length === character.length || [...upper].length === 1 ? upper : character;
}
