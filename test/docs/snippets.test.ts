import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Docs are examples that run: every fenced block marked `<!-- snippet: path -->` in a Markdown file must be
 * exactly that file, which a test executes.
 */
const root = join(import.meta.dirname, '..', '..');
const documents = ['README.md'];
const snippet = /<!-- snippet: (\S+) -->\n```[a-z]*\n([\s\S]*?)```\n<!-- \/snippet -->/g;

describe.each(documents)('%s snippets', (document) => {
  it('match the files they come from', async () => {
    const text = await readFile(join(root, document), 'utf8');
    const found = [...text.matchAll(snippet)];
    expect(found.length).toBeGreaterThan(0);
    for (const [, path, body] of found) {
      expect(body, `${document} snippet of ${path}`).toBe(await readFile(join(root, path!), 'utf8'));
    }
  });
});
