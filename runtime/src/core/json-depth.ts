/**
 * A bound on how deeply JSON text nests arrays and objects, checked on the raw text before it is parsed:
 * recursive code further on (schema validation, cloning, merge patches) would otherwise overflow the
 * stack on a small body nested thousands of levels deep.
 */

/** Nesting the gateway accepts in a request body; real configuration and MCP messages stay far below. */
export const maxJsonDepth = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/**
 * Whether `text` opens more than `maxDepth` arrays or objects inside one another (a scalar is depth 0,
 * `[]` depth 1). One linear pass without recursion that counts brackets outside strings; it does not
 * check the text is valid JSON, so run it before `JSON.parse`, which does.
 */
export function jsonDepthExceeds(text: string, maxDepth: number = maxJsonDepth): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === BACKSLASH) index++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_BRACKET || code === OPEN_BRACE) {
      if (++depth > maxDepth) return true;
    } else if (code === CLOSE_BRACKET || code === CLOSE_BRACE) {
      depth--;
    }
  }
  return false;
}
