/**
 * Access policies, compiled once per version of a workspace's rules and evaluated per message:
 * - a matching `deny` always wins (the first by priority is named);
 * - whole-server rules (no tools, prompts, resources or methods) gate the server: once a server allow
 *   names a server, only the principals such a rule admits may connect; on other servers, a principal an
 *   object rule allows something may connect, and everyone else follows the workspace's `defaultAccess`;
 * - object rules (tools, prompts, resources, methods) govern what they name: once an allow rule names a
 *   tool, only the principals such a rule admits may call it; under a deny default, a tool, prompt or
 *   resource no server rule opens needs an allow of its own.
 * Conditions fail safe: an error never makes an allow apply and always makes a deny apply. Listing
 * (`tools/list` filtering) asks whether a call could be allowed: conditions that need the unknown
 * arguments count for an allow and against nothing.
 */

import type { AccessPolicy, Principal, Team, WorkspaceRules } from '../../core/config.js';
import { compileWholeMatch, loadPatternEngine } from '../../core/pattern-engine.js';
import { patternMatcher } from '../../core/patterns.js';
import type { McpTarget } from '../../mcp/view.js';
import { withinOneBudget } from './budget.js';
import type { Condition, ConditionInput, ConditionLanguage, ConditionResult } from './conditions.js';

export type AccessPrincipal = Pick<Principal, 'user' | 'workspace' | 'method'> &
  Partial<Pick<Principal, 'teams' | 'claims' | 'email'>>;

export interface AccessRequest {
  principal: AccessPrincipal;
  server: string;
  method: string;
  target?: McpTarget | undefined;
  arguments?: Readonly<Record<string, unknown>> | undefined;
  /** Lower-case request header names. */
  headers?: Readonly<Record<string, string | undefined>> | undefined;
  /** Milliseconds since the epoch. */
  time: number;
  /** The principal's teams when already known (`teamsOf`), so many decisions of a request share them. */
  teams?: readonly string[] | undefined;
}

export interface AccessDecision {
  allowed: boolean;
  source: 'policy' | 'default';
  /** The deciding policy's name. */
  policy?: string;
  reason: string;
  /** A refusal of the whole server: answered like an unknown server. */
  serverLevel: boolean;
}

type Matcher = (value: string) => boolean;

/** Whether the principal's claims meet a condition; undefined when they cannot say (see `claimTest`). */
type ClaimTest = (claims: Readonly<Record<string, unknown>>) => boolean | undefined;

interface CompiledRule {
  name: string;
  effect: 'allow' | 'deny';
  users: Matcher | undefined;
  teams: ReadonlySet<string> | undefined;
  claims: readonly ClaimTest[];
  servers: Matcher | undefined;
  serverLevel: boolean;
  methods: Matcher | undefined;
  targets: Partial<Record<McpTarget['kind'], Matcher>> | undefined;
  condition: Condition | undefined;
  /** The condition reads the call's arguments: unknown when listing, so it is not evaluated then. */
  readsArguments: boolean;
  /** The condition reads the message (`mcp`): a server's gate, deciding before any, cannot know it. */
  readsMessage: boolean;
  /** The condition may read the `request` variable (its text names it). */
  readsRequest: boolean;
  /** The condition as written. */
  conditionText: string | undefined;
}

export interface AccessEngine {
  /** Whether any rule or a deny default exists (otherwise everything is allowed, and nothing is filtered). */
  readonly active: boolean;
  /** Whether some rule names tools (or every tool: object rules without a target list). */
  /**
   * `call`: a message as sent; `list`: whether an item could be used (conditions on arguments unknown);
   * `gate`: whether any message could be allowed (conditions on the message unknown). An unknown never
   * allows a call, nor hides an item or a server.
   */
  decide(request: AccessRequest, mode?: 'call' | 'list' | 'gate'): AccessDecision;
  /** The principal's teams: those its token names and those of the workspace it belongs to. */
  teamsOf(principal: AccessPrincipal): string[];
}

const listable = (values: readonly string[] | undefined) =>
  values !== undefined && values.length > 0 ? patternMatcher(values) : undefined;

/** The claim's value; a dotted name reads nested objects when no claim has the whole name. */
function claimValue(claims: Readonly<Record<string, unknown>>, name: string): unknown {
  if (name in claims || !name.includes('.')) return claims[name];
  let value: unknown = claims;
  for (const part of name.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function textsOf(value: unknown): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items
    .filter((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    .map(String);
}

function claimTest(
  condition: NonNullable<NonNullable<AccessPolicy['subjects']>['claims']>[number],
): ClaimTest {
  const values = condition.values ?? [];
  const wanted = new Set(values);
  const name = condition.claim;
  switch (condition.op) {
    case 'exists':
      return (claims) => {
        const value = claimValue(claims, name);
        return value !== undefined && value !== null;
      };
    case 'equals':
    case 'in':
      return (claims) => textsOf(claimValue(claims, name)).some((t) => wanted.has(t));
    case 'notEquals':
    case 'notIn':
      // a claim the token does not carry (or carries as an object) is unknown, not "none of them": an
      // identity provider leaving a claim out (too many groups) must not pass an allow's "not a contractor"
      return (claims) => {
        const value = claimValue(claims, name);
        if (Array.isArray(value)) {
          const texts = textsOf(value);
          // an element that is no text (an object, a null) may be any of them
          return texts.some((t) => wanted.has(t)) ? false : texts.length === value.length ? true : undefined;
        }
        const [text] = textsOf(value);
        return text === undefined ? undefined : !wanted.has(text);
      };
    case 'contains':
      return (claims) => {
        const value = claimValue(claims, name);
        if (typeof value === 'string') return values.every((v) => value.includes(v));
        const texts = new Set(textsOf(Array.isArray(value) ? value : []));
        return Array.isArray(value) && values.every((v) => texts.has(v));
      };
    case 'matches': {
      // on RE2 (loaded by `compileAccess`): a claim may carry what a user typed
      const patterns = values.map(compileWholeMatch);
      return (claims) =>
        textsOf(claimValue(claims, name)).some((t) => patterns.some((matches) => matches(t)));
    }
  }
}

function compileRule(policy: AccessPolicy, language: ConditionLanguage | undefined): CompiledRule {
  const tools = listable(policy.tools);
  const prompts = listable(policy.prompts);
  // patterns are read the way a requested URI is judged: a deny copied from a list in encoded form holds
  const resources = listable(policy.resources?.map(normalizedPattern));
  const targets =
    tools || prompts || resources
      ? {
          ...(tools ? { tool: tools } : {}),
          ...(prompts ? { prompt: prompts } : {}),
          ...(resources ? { resource: resources } : {}),
        }
      : undefined;
  const methods = listable(policy.methods);
  const users = listable(policy.subjects?.users);
  const teams = policy.subjects?.teams;
  return {
    name: policy.name,
    effect: policy.effect,
    users,
    teams: teams !== undefined && teams.length > 0 ? new Set(teams) : undefined,
    claims: (policy.subjects?.claims ?? []).map(claimTest),
    servers: listable(policy.servers),
    serverLevel: targets === undefined && methods === undefined,
    methods,
    targets,
    condition: policy.condition !== undefined ? language!.compile(policy.condition) : undefined,
    readsArguments: policy.condition?.includes('arguments') === true,
    // `mcp.server` is known before any message is: a condition reading nothing else is judged at the gate
    readsMessage: policy.condition !== undefined && /\bmcp\b(?!\s*\.\s*server\b)/.test(policy.condition),
    readsRequest: policy.condition?.includes('request') === true,
    conditionText: policy.condition,
  };
}

const byPriority = (a: AccessPolicy, b: AccessPolicy) =>
  (a.priority ?? 1000) - (b.priority ?? 1000) || a.name.localeCompare(b.name);

/**
 * The engine of a workspace's rules, as the reader hands them out (conditions checked: one that does not
 * compile left the rules unreadable there). The CEL library is loaded when some policy has a condition,
 * the pattern engine when one matches a claim.
 */
export async function compileAccess(rules: WorkspaceRules): Promise<AccessEngine> {
  const enabled = rules.policies.filter((p) => p.enabled !== false).sort(byPriority);
  // (the language's module too: a chunk of its own in the Lambda bundle)
  const language = enabled.some((p) => p.condition !== undefined)
    ? await (await import('./conditions.js')).conditionLanguage()
    : undefined;
  if (enabled.some((p) => p.subjects?.claims?.some((claim) => claim.op === 'matches')))
    await loadPatternEngine();
  return engineOf(
    rules,
    enabled.map((policy) => compileRule(policy, language)),
  );
}

function engineOf(rules: WorkspaceRules, compiled: readonly CompiledRule[]): AccessEngine {
  const memberOf = new Map<string, string[]>();
  const claimTeams: { name: string; test: ClaimTest }[] = [];
  for (const team of rules.teams as readonly Team[]) {
    for (const user of team.members ?? []) memberOf.set(user, [...(memberOf.get(user) ?? []), team.name]);
    if (team.claim !== undefined && (team.values ?? []).length > 0)
      claimTeams.push({
        name: team.name,
        test: claimTest({ claim: team.claim, op: 'in', values: team.values }),
      });
  }
  const teamsOf = (principal: AccessPrincipal): string[] => {
    const claims = principal.claims ?? {};
    const names = new Set([...(principal.teams ?? []), ...(memberOf.get(principal.user) ?? [])]);
    for (const team of claimTeams) if (team.test(claims)) names.add(team.name);
    return [...names];
  };
  // the rules naming a server, by server name (few names; bounded anyway)
  const perServer = new Map<string, CompiledRule[]>();
  const rulesOf = (server: string) => {
    let found = perServer.get(server);
    if (found === undefined) {
      found = compiled.filter((r) => r.servers === undefined || r.servers(server));
      if (perServer.size >= 4096) perServer.clear();
      perServer.set(server, found);
    }
    return found;
  };
  const defaultDenies = rules.defaultAccess === 'deny';
  // the request's headers and time are copied for the conditions only when one of them can read them
  const readsRequest = compiled.some((r) => r.condition !== undefined && r.readsRequest);

  if (rules.unreadable === true)
    return {
      active: true,
      teamsOf,
      decide: () => ({
        allowed: false,
        source: 'default',
        reason: `Stored configuration of workspace "${rules.workspace}" (an access policy, team, rate limit, budget, guardrail or the workspace itself) cannot be read; nothing is allowed until it is fixed.`,
        serverLevel: false,
      }),
    };
  return {
    active: compiled.length > 0 || defaultDenies,
    teamsOf,
    decide(request, mode = 'call') {
      // every condition of one decision (each reading of the request) draws on one budget
      return withinOneBudget(() => {
        const { principal } = request;
        const teams = request.teams ?? teamsOf(principal);
        const claims = principal.claims ?? {};
        let inputs: ConditionInput[] | undefined;
        let readings: readonly string[] | undefined;
        let bare: readonly string[] | undefined;
        let laxInputs: ConditionInput[] | undefined;
        let inexact: Set<string> | undefined;
        const target = request.target;
        const holds = (rule: CompiledRule): boolean => {
          if (rule.condition === undefined) return true;
          // fail safe: an unknown never allows a call nor hides a tool from a list
          const unknown = mode === 'call' ? rule.effect === 'deny' : rule.effect === 'allow';
          if (mode === 'list' && rule.readsArguments) return unknown;
          // a condition naming an argument that holds a number it cannot read exactly cannot judge it
          if (rule.readsArguments) {
            inexact ??= inexactKeys(request.arguments);
            for (const key of inexact) if (key === '' || rule.conditionText!.includes(key)) return unknown;
          }
          if (mode === 'gate' && rule.readsMessage) return unknown;
          // one input per reading of a resource URI: a deny holds when it holds for either, an allow for both
          if (inputs === undefined) {
            if (target?.kind === 'resource') readings ??= uriReadings(target.name);
            inputs = (readings ?? [undefined]).map((uri) =>
              conditionInput(request, teams, readsRequest, uri),
            );
          }
          const condition = rule.condition;
          const results = inputs.map((input) => condition(input));
          const decisive = rule.effect === 'deny';
          // a deny on the arguments also holds when it holds for them as a lax upstream reads text ("42" as
          // the number 42, which `== 42` is not); what that reading cannot judge (`"2024".startsWith`) is no
          // error of the call's
          if (decisive && rule.readsArguments && !results.includes(true)) {
            if (laxInputs === undefined) {
              const lax = laxArguments(request.arguments);
              laxInputs =
                lax === undefined
                  ? []
                  : (readings ?? [undefined]).map((uri) =>
                      conditionInput({ ...request, arguments: lax }, teams, readsRequest, uri),
                    );
            }
            if (laxInputs.some((input) => condition(input) === true)) return true;
          }
          const result: ConditionResult = results.includes(decisive)
            ? decisive
            : results.includes('error')
              ? 'error'
              : !decisive;
          if (result !== 'error') return result;
          // a failing condition fails safe: a deny applies, an allow does not. In a list or at the gate, a
          // condition evaluated there reads nothing the call adds: it fails as the call will, judged alike
          // (what a list shows may be called; a principal the call would refuse is not admitted)
          return rule.effect === 'deny';
        };
        const subject = (rule: CompiledRule) =>
          ((rule.users === undefined && rule.teams === undefined) ||
            rule.users?.(principal.user) === true ||
            (rule.teams !== undefined && teams.some((t) => rule.teams!.has(t)))) &&
          // a condition the claims cannot judge fails safe: a deny applies, an allow does not
          rule.claims.every((test) => test(claims) ?? rule.effect === 'deny');
        /**
         * Whether the rule is about this message. A URI is judged as the upstream will read it; where
         * servers may read it two ways, a deny covers it when it covers either reading, an allow only when
         * it covers both — but an allow governs it (restricts it to whom it allows) as a deny would cover
         * it: a URI whose readings disagree (`/a//../secret`) is no way out of a restriction.
         */
        const covers = (rule: CompiledRule, anyReading = rule.effect === 'deny') => {
          if (rule.serverLevel) return true;
          if (rule.methods !== undefined && !rule.methods(request.method)) return false;
          if (rule.targets === undefined) return true;
          if (target === undefined) return false;
          const matches = rule.targets[target.kind];
          if (matches === undefined) return false;
          if (target.kind !== 'resource') return matches(target.name);
          readings ??= uriReadings(target.name);
          if (!anyReading) return readings.every(matches);
          // a deny of a URI covers it with a query or fragment added too: a server reading it as a path
          // (`fileURLToPath`, `urlparse().path`) drops them and serves the denied one; and one without a
          // scheme as the path a server prefixing `file://` reads (an allow of `docs/*` still covers
          // `docs/readme` as it is written)
          bare ??= [...readings.map(withoutQuery), ...schemelessReadings(target.name)];
          return readings.some(matches) || bare.some(matches);
        };

        let admitted: CompiledRule | undefined;
        let objectAdmit: CompiledRule | undefined;
        let objectAllow: CompiledRule | undefined;
        let serverGoverned = false;
        let objectGoverned: CompiledRule | undefined;
        /** Per way a server may read a URI: governed by an allow, and allowed this principal. */
        let ways: string[] | undefined;
        let governedAt: boolean[] | undefined;
        let allowedAt: (CompiledRule | undefined)[] | undefined;
        for (const rule of rulesOf(request.server)) {
          if (rule.effect === 'deny') {
            if (subject(rule) && covers(rule) && holds(rule))
              return {
                allowed: false,
                source: 'policy',
                policy: rule.name,
                reason: `Denied by access policy "${rule.name}".`,
                serverLevel: rule.serverLevel,
              };
            continue;
          }
          if (rule.serverLevel) {
            serverGoverned = true;
            if (admitted === undefined && subject(rule) && holds(rule)) admitted = rule;
            continue;
          }
          const covered = covers(rule);
          if (covered || covers(rule, true)) {
            objectGoverned ??= rule;
            // a URI read more than one way (as a URL, as a path, without its query): which ways the allows
            // govern, and which this principal is allowed (a rule without resource patterns, every way)
            if (target?.kind === 'resource' && readings !== undefined) {
              const matches = rule.targets?.resource ?? (() => true);
              bare ??= readings.map(withoutQuery);
              ways ??= [...new Set([...readings, ...bare])];
              const mine = subject(rule) && holds(rule);
              governedAt ??= [];
              allowedAt ??= [];
              for (const [i, way] of ways.entries()) {
                if (!matches(way)) continue;
                governedAt[i] = true;
                if (mine) allowedAt[i] ??= rule;
              }
            }
          }
          if (!subject(rule)) continue;
          // it admits to the server whom it may allow something: a condition on the principal (a claim, a
          // date) that fails admits no one; one on the message is judged with each call
          if (objectAdmit === undefined && (rule.readsMessage || holds(rule))) objectAdmit = rule;
          if (covered && objectAllow === undefined && holds(rule)) objectAllow = rule;
        }
        // an allowed tool opens a server only where no server rule decides who may connect
        if (!serverGoverned) admitted ??= objectAdmit;
        const who = `user "${principal.user}"`;
        if (admitted === undefined && (serverGoverned || defaultDenies))
          return {
            allowed: false,
            source: serverGoverned ? 'policy' : 'default',
            reason: serverGoverned
              ? `No access policy admits ${who} to server "${request.server}".`
              : `Workspace "${principal.workspace}" denies servers no access policy allows, and none admits ${who} to "${request.server}".`,
            serverLevel: true,
          };
        // each way allowed this principal, or governed by no allow (then open as the server is): the
        // principal reads what it may read whichever way the server reads it, and nothing else
        if (objectGoverned !== undefined && objectAllow === undefined && allowedAt?.some(Boolean) === true) {
          const open = !defaultDenies || admitted?.serverLevel === true;
          if (ways!.every((_, i) => allowedAt![i] !== undefined || (governedAt?.[i] !== true && open)))
            objectAllow = allowedAt.find((rule) => rule !== undefined);
        }
        if (objectGoverned !== undefined && objectAllow === undefined)
          return {
            allowed: false,
            source: 'policy',
            reason: `Only principals an allow policy such as "${objectGoverned.name}" admits may use ${describeTarget(request)}; none admits ${who}.`,
            serverLevel: false,
          };
        const deciding = objectAllow ?? (admitted?.serverLevel === true ? admitted : undefined);
        if (deciding !== undefined)
          return {
            allowed: true,
            source: 'policy',
            policy: deciding.name,
            reason: `Allowed by access policy "${deciding.name}".`,
            serverLevel: false,
          };
        // admitted by the default, or (under a deny default) by an allow of something else on the server:
        // the session's own messages pass, a tool, prompt or resource needs an allow of its own
        if (defaultDenies && request.target !== undefined)
          return {
            allowed: false,
            source: 'default',
            reason: `Workspace "${principal.workspace}" denies by default, and no access policy allows ${describeTarget(request)} to ${who}.`,
            serverLevel: false,
          };
        if (defaultDenies && admitted !== undefined)
          return {
            allowed: true,
            source: 'policy',
            policy: admitted.name,
            reason: `Access policy "${admitted.name}" admits ${who} to server "${request.server}".`,
            serverLevel: false,
          };
        return {
          allowed: true,
          source: 'default',
          reason: `No access policy names ${describeTarget(request)} on server "${request.server}"; workspace "${principal.workspace}" allows by default.`,
          serverLevel: false,
        };
      });
    },
  };
}

/** A URI as a server reading it as a path reads it: without its query and fragment. */
const withoutQuery = (reading: string) => reading.replace(/[?#][\s\S]*$/, '');

/**
 * A resource URI as an upstream would resolve it (unparseable ones as they are, decoded when possible):
 * resolved and decoded until it stays the same, so that an encoded separator (`..%2f`) cannot hide a
 * `..` segment that an upstream resolves once it decoded the URI. The host is what is reached: without
 * user info (`https://u@intranet/` reaches `intranet`), without a trailing dot, in lower case whatever
 * the scheme (URL parsing lower-cases only the special schemes' hosts).
 */
export function normalizedUri(uri: string): string {
  return untilStable(uri, (text) => {
    let next = text;
    try {
      if (URL.canParse(next)) next = canonicalHref(new URL(next));
    } catch {
      // as it is
    }
    return decoded(next);
  });
}

/**
 * The ways servers read a resource URI: as a URL resolves it (`normalizedUri`), and as a plain path read
 * from it (a file server stripping `file://`, then normalising the path) does: empty segments and
 * backslashes are separators, and `?` or `#` are part of the path. `file:///public//../secret` is
 * `file:///public/secret` to the first and `file:///secret` to the second. A path is read from the URI
 * decoded whole, and from the path of the URI as parsed (`decodeURIComponent(new URL(uri).pathname)`),
 * where an encoded `/` after the scheme (`file:/%2fsecret`) is the path's, not an authority. One reading
 * when they agree.
 */
export function uriReadings(uri: string): readonly string[] {
  const resolved = normalizedUri(uri);
  const readings = new Set([resolved]);
  const text = untilStable(uri, decoded);
  const parts = /^([a-z][a-z0-9+.-]*:)\/\/[^/\\?#]*([\s\S]*)$/i.exec(text);
  if (parts !== null) {
    // the scheme and host judged as the URL reading judges them
    let origin = parts[1]!.toLowerCase() + '//';
    try {
      const url = new URL(resolved);
      origin = `${url.protocol}//${url.host}`;
    } catch {
      // as written
    }
    addPathReadings(readings, origin, parts[2]!);
  }
  try {
    // the host as the URL reading judges it (lower case, no user info or trailing dot), the query and
    // fragment kept: only the path is read anew
    const url = new URL(canonicalHref(new URL(uri)));
    if (url.host !== '' || url.pathname.startsWith('/'))
      addPathReadings(
        readings,
        `${url.protocol}//${url.host}`,
        untilStable(url.pathname, decoded),
        `${url.search}${url.hash}`,
      );
  } catch {
    // no URL: read as decoded above
  }
  return [...readings];
}

/**
 * A URI without a scheme as the path a server prefixing `file://` reads (`/secret/b`, `secret/b`): what a
 * deny covers beside its readings (an allow judges it as written).
 */
export function schemelessReadings(uri: string): readonly string[] {
  const text = untilStable(uri, decoded);
  if (/^[a-z][a-z0-9+.-]*:/i.test(text)) return [];
  const readings = new Set<string>();
  addPathReadings(readings, 'file://', `/${text}`);
  return [...readings];
}

/** A path after its origin as a path reader reads it: its segments normalized (then `rest`, if any). */
function addPathReadings(readings: Set<string>, origin: string, path: string, rest = ''): void {
  const segments: string[] = [];
  for (const segment of path.split(/[\\/]+/)) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && /[\\/]$/.test(path) ? '/' : '';
  readings.add(`${origin}/${segments.join('/')}${trailing}${rest}`);
  // a file server reads a `file:` URI's path alone: a host in it (`file://evil/secret`) reaches no other
  // machine, and is no way around a rule on `file:///secret/*`
  if (/^file:\/\/[^/]/i.test(origin)) readings.add(`file:///${segments.join('/')}${trailing}${rest}`);
}

function canonicalHref(url: URL): string {
  if (url.username !== '' || url.password !== '') {
    url.username = '';
    url.password = '';
  }
  const host = url.hostname.replace(/\.+$/, '').toLowerCase();
  if (host !== url.hostname && host !== '') url.hostname = host;
  return url.href;
}

/** `step` applied until the text stays the same (at most four rounds: escapes of escapes). */
function untilStable(text: string, step: (text: string) => string): string {
  let current = text;
  for (let round = 0; round < 4; round++) {
    const next = step(current);
    if (next === current) return current;
    current = next;
  }
  return current;
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * A resource pattern as `normalizedUri` reads a URI: each literal part between `*` wildcards decoded, a
 * whole URI (no wildcard) or a first part with a path normalized as a URI. A first part that ends within
 * the host (`http://internal*`) keeps its shape (no `/` added, its port kept), its scheme and host in
 * lower case: it still covers every host it covered.
 */
export function normalizedPattern(pattern: string): string {
  const parts = pattern.split('*');
  if (parts.length === 1) return normalizedUri(pattern);
  const [first = '', ...rest] = parts;
  const origin = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)$/i.exec(first);
  const head = origin !== null ? decodedPart(`${origin[1]}${origin[2]}`.toLowerCase()) : normalizedUri(first);
  return [head, ...rest.map(decodedPart)].join('*');
}

function decodedPart(part: string): string {
  return untilStable(part, decoded);
}

/** Text a lax validator reads as a number (Python's numerals: a sign, leading zeros, `_` between digits). */
const NUMERAL = /^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/;
/** A numeral's number when JavaScript holds it exactly (an integer within 2^53). */
function laxNumber(text: string): number | undefined {
  if (!NUMERAL.test(text)) return undefined;
  const number = Number(text.replaceAll('_', ''));
  return Number.isFinite(number) && (!Number.isInteger(number) || Number.isSafeInteger(number))
    ? number
    : undefined;
}

/**
 * Text as a lax validator (pydantic's default) reads it for a number or boolean field: a numeral as its
 * number (`" 42"`, `"042"`, `"4_2"` are 42), `true` or `false` in any case as the boolean. Its other
 * boolean words (`yes`, `on`, `1`) are not read so: a field that is a number or text would then judge
 * as a boolean (`retries != 1` would hold for 1). Undefined: read as it is.
 */
function laxValue(text: string): number | boolean | undefined {
  const trimmed = text.trim();
  const word = trimmed.toLowerCase();
  if (word === 'true' || word === 'false') return word === 'true';
  return laxNumber(trimmed);
}

/** Whether any string in a value reads as another type to a lax validator (looked at without copying). */
function holdsLaxText(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return laxValue(value) !== undefined;
  if (typeof value !== 'object' || value === null || depth > 64) return false;
  for (const item of Array.isArray(value) ? value : Object.values(value))
    if (holdsLaxText(item, depth + 1)) return true;
  return false;
}

/**
 * The arguments with every string a lax validator would read as a number or a boolean turned into one
 * (pydantic's default, say: `"42"` for an int field); undefined when no string reads so.
 */
export function laxArguments(
  args: Readonly<Record<string, unknown>> | undefined,
): Record<string, unknown> | undefined {
  if (args === undefined || !holdsLaxText(args, 0)) return undefined;
  const lax = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return laxValue(value) ?? value;
    if (typeof value !== 'object' || value === null || depth > 64) return value;
    if (Array.isArray(value)) return value.map((item) => lax(item, depth + 1));
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, lax(item, depth + 1)]));
  };
  return lax(args, 0) as Record<string, unknown>;
}

/**
 * The keys under which a value holds a number JavaScript may not hold exactly as the client wrote it (the
 * object key nearest to it): an integer past 2^53 (an id such as 1152921504606846977 parses as …976), or
 * one past a double's range (1e400 parses as Infinity, which a digest or a webhook's JSON writes `null`). The
 * upstream reads the client's text, so a judgement of the parsed value could be of another number than
 * the one acted on. Past 64 levels a value is not looked through: as if it held one (key `''`).
 */
export function inexactKeys(value: unknown, key = '', depth = 0, into = new Set<string>()): Set<string> {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || (Number.isInteger(value) && !Number.isSafeInteger(value))) into.add(key);
  } else if (typeof value === 'object' && value !== null) {
    if (depth > 64) into.add('');
    else if (Array.isArray(value)) for (const item of value) inexactKeys(item, key, depth + 1, into);
    else for (const [name, item] of Object.entries(value)) inexactKeys(item, name, depth + 1, into);
  }
  return into;
}

function describeTarget(request: AccessRequest): string {
  const target = request.target;
  if (target === undefined) return `method ${request.method}`;
  return target.kind === 'resource' ? `resource ${target.name}` : `${target.kind} "${target.name}"`;
}

const NO_REQUEST: ConditionInput['request'] = Object.freeze({ headers: Object.freeze({}), time: '' });

/** The input of conditions; `uri`: the reading of a resource's URI they judge. */
function conditionInput(
  request: AccessRequest,
  teams: readonly string[],
  readsRequest: boolean,
  uri: string | undefined,
): ConditionInput {
  const { principal, target } = request;
  const args = request.arguments ?? {};
  return {
    principal: {
      user: principal.user,
      workspace: principal.workspace,
      method: principal.method,
      teams,
      claims: principal.claims ?? {},
      ...(principal.email !== undefined ? { email: principal.email } : {}),
    },
    mcp: {
      server: request.server,
      method: request.method,
      tool: {
        name: target?.kind === 'tool' ? target.name : '',
        arguments: target?.kind === 'tool' ? args : {},
      },
      prompt: {
        name: target?.kind === 'prompt' ? target.name : '',
        arguments: target?.kind === 'prompt' ? args : {},
      },
      // judged as the upstream reads it, like patterns are; the URI as sent beside it
      resource: {
        uri: target?.kind === 'resource' ? (uri ?? normalizedUri(target.name)) : '',
        rawUri: target?.kind === 'resource' ? target.name : '',
      },
    },
    request: readsRequest ? requestInput(request) : NO_REQUEST,
  };
}

/**
 * Headers a condition does not see: credentials, and the stateless era's copies of the method and
 * target, which a session-era request may send as it likes (a condition reads `mcp`, from the message).
 */
const UNSEEN_HEADERS = new Set(['authorization', 'cookie', 'mcp-method', 'mcp-name']);

function requestInput(request: AccessRequest): ConditionInput['request'] {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {}))
    if (value !== undefined && !UNSEEN_HEADERS.has(name)) headers[name] = value;
  return { headers, time: new Date(request.time).toISOString() };
}
