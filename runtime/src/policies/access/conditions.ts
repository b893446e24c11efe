/**
 * CEL conditions of access policies, with `@marcbachmann/cel-js` (no dependencies, 84 KiB minified, about
 * 0.6 µs per evaluation of a typical condition here, against 277 KiB and 2 µs for `@bufbuild/cel`).
 * A condition is parsed and type-checked once per policy version; a request only evaluates it. The library
 * is loaded when the first condition is met: a deployment without conditions never loads it (in the
 * Lambda bundle it is a chunk of its own, a ninth of what a cold start would load).
 */
import type { Environment } from '@marcbachmann/cel-js';
import { onFirstUse } from '../../core/lazy.js';
import { lruCache } from '../../core/lru.js';
import { loadPatternEngine, re2Problem } from '../../core/pattern-engine.js';
import { budget, charge, MAX_STEPS, renewBudget, SPENT } from './budget.js';

export { MAX_EVALUATION_MS, MAX_STEPS, stepsTaken, withinOneBudget } from './budget.js';

/** What a condition sees. */
export interface ConditionInput {
  principal: {
    user: string;
    workspace: string;
    method: string;
    teams: readonly string[];
    claims: Readonly<Record<string, unknown>>;
    email?: string;
  };
  mcp: {
    server: string;
    method: string;
    tool: { name: string; arguments: Readonly<Record<string, unknown>> };
    prompt: { name: string; arguments: Readonly<Record<string, unknown>> };
    /** `uri` with `..` resolved, escapes decoded, scheme and host in lower case; `rawUri` as sent. */
    resource: { uri: string; rawUri: string };
  };
  request: { headers: Readonly<Record<string, string>>; time: string };
}

/** true or false; `error` when it could not be evaluated (a missing key, a non-boolean result). */
export type ConditionResult = boolean | 'error';

export type Condition = (input: ConditionInput) => ConditionResult;

/**
 * {@link ConditionInput} as CEL types, for checking what users write: a misspelt field
 * (`principal.emial`, `mcp.tool.nme`) or a comparison that can never hold (`principal.teams == "sre"`) is
 * refused when written instead of failing (safely, but silently) on every request. Claims, arguments and
 * headers are maps of what clients and identity providers send: any key is accepted there.
 */
const INPUT_SCHEMA = {
  principal: {
    user: 'string',
    workspace: 'string',
    method: 'string',
    teams: 'list<string>',
    claims: 'map<string, dyn>',
    email: 'string',
  },
  mcp: {
    server: 'string',
    method: 'string',
    tool: { name: 'string', arguments: 'map<string, dyn>' },
    prompt: { name: 'string', arguments: 'map<string, dyn>' },
    resource: { uri: 'string', rawUri: 'string' },
  },
  request: { headers: 'map<string, string>', time: 'string' },
} as const satisfies Record<keyof ConditionInput, unknown>;

/** The condition language, once loaded. */
export interface ConditionLanguage {
  /**
   * The problem with a condition as written (syntax, unknown variables or fields, types that cannot
   * match, a result that is not boolean); what the management API refuses.
   */
  problem(text: string): string | undefined;
  /**
   * The problem that makes a stored condition unusable (syntax, unknown variables, a result that is not
   * boolean): looser than `problem`, so a condition stored before its fields were typed still loads (an
   * unknown field fails, safely, when evaluated).
   */
  loadProblem(text: string): string | undefined;
  /** A compiled condition; throws for text `loadProblem` refuses. */
  compile(text: string): Condition;
}

/**
 * What `matches` runs as. The library's own `matches` is JavaScript's backtracking RegExp, which a crafted
 * text (a tool argument, a header: the caller's) holds for seconds to hours on patterns as plain as
 * `^(\w+)+$`; CEL's `matches` is RE2's, linear in the text. The library cannot replace an overload, so
 * each `matches` call of a condition is compiled as a call of this one.
 */
const LINEAR_MATCHES = 're2Matches';

/**
 * Counts the steps of every evaluation of `environment`. The library evaluates each node through its
 * evaluator's `run` (comprehension steps too); the evaluator is private to the environment, so it is
 * taken from the first evaluation of a probe whose root hands it over. A library that no longer does
 * either fails here, when the language loads, not silently later.
 */
function meterSteps(environment: Environment): void {
  const probe = environment.parse('true');
  let evaluator: { run(node: unknown, context: unknown): unknown } | undefined;
  Object.defineProperty(probe.ast, 'evaluate', {
    value: (handed: typeof evaluator) => {
      evaluator = handed;
      return true;
    },
  });
  probe({});
  const run = evaluator?.run;
  if (evaluator === undefined || typeof run !== 'function')
    throw new Error('The condition library no longer evaluates through a run method.');
  evaluator.run = function metered(node, context) {
    if (budget.spent) throw SPENT;
    // the clock at every step: one step can double what the next ones work on (`l + l`)
    if (++budget.steps > MAX_STEPS || performance.now() > budget.deadline) {
      budget.spent = true;
      throw SPENT;
    }
    return run.call(this, node, context);
  };
}

/** The condition language, loading the CEL library (and RE2) on first use. */
export const conditionLanguage = onFirstUse(async (): Promise<ConditionLanguage> => {
  const [{ Environment }, { RE2JS }] = await Promise.all([
    import('@marcbachmann/cel-js'),
    loadPatternEngine(),
  ]);
  const options = {
    limits: { maxAstNodes: 2000, maxDepth: 64, maxListElements: 1000, maxMapEntries: 1000 },
  };
  const patterns = lruCache<string, InstanceType<typeof RE2JS>>(256);
  const linearMatches = (text: string, pattern: string): boolean => {
    charge(text.length >> 6);
    let compiled = patterns.get(pattern);
    if (compiled === undefined) {
      compiled = RE2JS.compile(pattern); // one RE2 does not run fails the evaluation: an error
      patterns.set(pattern, compiled);
    }
    return compiled.matcher(text).find();
  };
  // requests are evaluated against plain maps: a typed variable would convert the input on every call
  const environment = new Environment(options)
    .registerVariable('principal', 'map')
    .registerVariable('mcp', 'map')
    .registerVariable('request', 'map')
    .registerFunction(`string.${LINEAR_MATCHES}(string): bool`, linearMatches);
  meterSteps(environment);
  const typed = new Environment(options);
  for (const [name, schema] of Object.entries(INPUT_SCHEMA)) typed.registerVariable({ name, schema });
  return {
    problem: (text) =>
      conditionProblem(environment, text) ??
      conditionProblem(typed, text) ??
      patternProblem(environment, text) ??
      linearProblem(environment, text),
    loadProblem: (text) => conditionProblem(environment, text),
    compile: (text) => compileCondition(environment, linearText(environment, text)),
  };
});

/** A node of the library's syntax tree, as far as it is read here. */
interface Node {
  op: string;
  args: unknown;
  start: number;
  end: number;
}

const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && typeof (value as Node).op === 'string';

/** The `matches` calls of a condition: the call, its receiver and its pattern argument. */
function matchesCalls(
  environment: Environment,
  text: string,
): { receiver: Node; pattern: Node | undefined }[] {
  const calls: { receiver: Node; pattern: Node | undefined }[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (!isNode(value)) return;
    const args = value.args;
    if (value.op === 'rcall' && Array.isArray(args) && args[0] === 'matches' && isNode(args[1]))
      calls.push({
        receiver: args[1],
        pattern: Array.isArray(args[2]) && isNode(args[2][0]) ? args[2][0] : undefined,
      });
    visit(args);
  };
  visit((environment.parse(text) as unknown as { ast: unknown }).ast);
  return calls;
}

/**
 * `text` with each `matches` call renamed to {@link LINEAR_MATCHES}. Between a call's receiver and its
 * pattern stand only `.`, the name, `(`, spaces and comments (blanked here, so that a comment's words
 * are never taken for the name). Throws when a `matches` call is left: it would run backtracking.
 */
function linearText(environment: Environment, text: string): string {
  let out = text;
  const names = matchesCalls(environment, text)
    .map(({ receiver, pattern }) => {
      const end = pattern?.start ?? text.length;
      const between = text.slice(receiver.end, end).replace(/\/\/[^\n]*/g, (c) => ' '.repeat(c.length));
      const at = between.indexOf('matches');
      return at >= 0 ? receiver.end + at : -1;
    })
    .filter((at) => at >= 0)
    .sort((a, b) => b - a);
  for (const at of names) out = `${out.slice(0, at)}${LINEAR_MATCHES}${out.slice(at + 'matches'.length)}`;
  if (matchesCalls(environment, out).length > 0)
    throw new Error('The condition has a matches call that cannot run on RE2.');
  return out;
}

function linearProblem(environment: Environment, text: string): string | undefined {
  try {
    linearText(environment, text);
    return undefined;
  } catch (error) {
    return firstLine(error);
  }
}

/** A constant `matches` pattern RE2 does not run (a lookaround, a backreference): refused when written. */
function patternProblem(environment: Environment, text: string): string | undefined {
  for (const { pattern } of matchesCalls(environment, text)) {
    if (pattern?.op !== 'value' || typeof pattern.args !== 'string') continue;
    const problem = re2Problem(pattern.args);
    if (problem !== undefined) return `the pattern ${JSON.stringify(pattern.args)} ${problem}`;
  }
  return undefined;
}

function conditionProblem(environment: Environment, text: string): string | undefined {
  try {
    const checked = environment.parse(text).check();
    if (!checked.valid) return firstLine(checked.error);
    if (checked.type !== 'bool' && checked.type !== 'dyn')
      return `must be a boolean expression, not ${checked.type}`;
    return undefined;
  } catch (error) {
    return firstLine(error);
  }
}

function compileCondition(environment: Environment, text: string): Condition {
  const problem = conditionProblem(environment, text);
  if (problem !== undefined) throw new Error(`The condition is not valid CEL: ${problem}`);
  const evaluate = environment.parse(text);
  return (input) => {
    if (!budget.shared) renewBudget();
    try {
      const result = evaluate(input as unknown as Record<string, unknown>);
      // a result reached past the budget may rest on steps never taken
      return typeof result === 'boolean' && !budget.spent ? result : 'error';
    } catch {
      return 'error';
    }
  };
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? message).trim();
}
