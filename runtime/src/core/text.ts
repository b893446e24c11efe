/** The first `max` UTF-16 units of `text`, one fewer when the last would be half of a surrogate pair. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}

/**
 * A member name as a decoder that ignores case reads it: lower case after upper case, so that the
 * spellings Unicode folds together (`ſ` and `s`, the Kelvin sign and `k`) fold alike too.
 */
export function foldCase(name: string): string {
  return name.toUpperCase().toLowerCase();
}
