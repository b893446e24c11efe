import { describe, expect, it } from 'vitest';
import { type ConditionInput, conditionLanguage } from './conditions.js';

const input = (args: Record<string, unknown>, name = 'read_file'): ConditionInput => ({
  principal: { user: 'ada', workspace: 'default', method: 'api-key', teams: [], claims: {} },
  mcp: {
    server: 'files',
    method: 'tools/call',
    tool: { name, arguments: args },
    prompt: { name: '', arguments: {} },
    resource: { uri: '', rawUri: '' },
  },
  request: { headers: {}, time: '2026-12-01T00:00:00Z' },
});

describe('conditions: matches', () => {
  it('runs in time linear in the text, whatever the pattern (RE2, as CEL specifies)', async () => {
    const language = await conditionLanguage();
    const nested = language.compile('mcp.tool.arguments.path.matches("^([a-z]+)+$")');
    // a backtracking engine takes exponential time here: this would never end
    expect(nested(input({ path: `${'a'.repeat(5000)}!` }))).toBe(false);
    expect(nested(input({ path: 'abc' }))).toBe(true);
  });

  it('keeps CEL’s meaning: a match anywhere, in macros too; text that only looks like a call is text', async () => {
    const language = await conditionLanguage();
    expect(language.compile('mcp.tool.name.matches("file")')(input({}))).toBe(true);
    expect(language.compile('mcp.tool.name.matches("^file")')(input({}))).toBe(false);
    const spaced = language.compile('mcp.tool.name . matches ( "_f" ) && mcp.tool.name != "x.matches(y)"');
    expect(spaced(input({}))).toBe(true);
    const macro = language.compile('mcp.tool.arguments.paths.exists(p, p.matches("^/etc/"))');
    expect(macro(input({ paths: ['/tmp/a', '/etc/passwd'] }))).toBe(true);
    expect(macro(input({ paths: ['/tmp/a'] }))).toBe(false);
    expect(language.compile('("matches").matches("tch")')(input({}))).toBe(true);
    // a comment between the receiver and the call, naming it, is a comment
    const commented = language.compile(
      'mcp.tool.arguments.path\n // only paths that matches the prefix\n .matches("^([a-z]+)+$")',
    );
    expect(commented(input({ path: `${'a'.repeat(5000)}!` }))).toBe(false);
  });

  it('refuses a pattern RE2 does not run when written; one only known when evaluated is an error then', async () => {
    const language = await conditionLanguage();
    expect(language.problem('mcp.tool.name.matches("(?<=a)b")')).toMatch(/RE2/);
    expect(language.problem('mcp.tool.name.matches("^read_")')).toBeUndefined();
    const dynamic = language.compile('mcp.tool.name.matches(mcp.tool.arguments.pattern)');
    expect(dynamic(input({ pattern: '(?<=a)b' }))).toBe('error');
    expect(dynamic(input({ pattern: '_fi' }))).toBe(true);
  });
});
