import { describe, expect, it } from 'vitest';
import {
  type ConditionInput,
  conditionLanguage,
  MAX_STEPS,
  stepsTaken,
  withinOneBudget,
} from './conditions.js';

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

describe('conditions: cost', () => {
  it('stops an evaluation past its step budget: nested loops over the caller’s list are an error', async () => {
    const language = await conditionLanguage();
    const cubic = language.compile(
      'mcp.tool.arguments.l.all(x, mcp.tool.arguments.l.all(y, mcp.tool.arguments.l.all(z, true)))',
    );
    // 600³ steps and more: seconds of the process's one thread without the budget
    const long = Array.from({ length: 600 }, (_, i) => i);
    expect(cubic(input({ l: long }))).toBe('error');
    // within the budget the same condition holds, and the next evaluation starts with a budget of its own
    expect(cubic(input({ l: long.slice(0, 20) }))).toBe(true);
    const single = language.compile('mcp.tool.arguments.l.all(x, x >= 0 && x < 100000)');
    const wide = Array.from({ length: MAX_STEPS / 20 }, (_, i) => i);
    expect(single(input({ l: wide }))).toBe(true);
  });

  it('stops at the step that passes the budget, though each step doubles what the next works on', async () => {
    const language = await conditionLanguage();
    // sixteen doublings of a list of a thousand: 65 million items, without a look at the clock each step
    let inner = 'size(l) > 0';
    for (let i = 0; i < 16; i++) inner = `cel.bind(l, l + l, ${inner})`;
    const doubling = language.compile(`cel.bind(l, mcp.tool.arguments.l, ${inner})`);
    expect(doubling(input({ l: Array.from({ length: 1000 }, (_, i) => i) }))).toBe('error');
    expect(doubling(input({ l: [1] }))).toBe(true);
  });

  it('draws one budget for every evaluation of one decision', async () => {
    const language = await conditionLanguage();
    const all = language.compile('mcp.tool.arguments.l.all(x, x >= 0)');
    const items = (n: number) => input({ l: Array.from({ length: n }, (_, i) => i) });
    all(items(1000));
    const perItem = stepsTaken() / 1000;
    // each evaluation takes two fifths of the budget
    const args = items(Math.floor((0.4 * MAX_STEPS) / perItem));
    expect([all(args), all(args)]).toEqual([true, true]);
    expect(withinOneBudget(() => [all(args), all(args), all(args)])).toEqual([true, true, 'error']);
    // and the next decision has a budget of its own
    expect(withinOneBudget(() => all(args))).toBe(true);
  });

  it('stops an evaluation past its time budget: few steps that each scan a long text', async () => {
    const language = await conditionLanguage();
    const scans = language.compile('mcp.tool.arguments.l.all(x, !mcp.tool.arguments.s.contains("ab"))');
    const s = 'a'.repeat(4_000_000);
    // 20,000 iterations are far within the step budget, but each scans 4 MB
    expect(scans(input({ l: Array.from({ length: 20_000 }, () => 0), s }))).toBe('error');
    expect(scans(input({ l: [0, 1], s }))).toBe(true);
  });
});
