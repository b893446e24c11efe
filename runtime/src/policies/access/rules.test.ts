import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AccessPolicy, Team, WorkspaceRules } from '../../core/config.js';
import { conditionLanguage } from './conditions.js';
import { expandTemplate } from './index.js';
import {
  type AccessPrincipal,
  type AccessRequest,
  compileAccess,
  inexactKeys,
  laxArguments,
} from './rules.js';

const rules = (
  policies: Partial<AccessPolicy>[],
  options: { defaultAccess?: 'allow' | 'deny'; teams?: Team[] } = {},
): WorkspaceRules => ({
  workspace: 'default',
  defaultAccess: options.defaultAccess ?? 'allow',
  policies: policies.map((p, i) => ({ name: `p${i}`, effect: 'allow', ...p }) as AccessPolicy),
  teams: options.teams ?? [],
  rateLimits: [],
  budgets: [],
  guardrails: [],
});

const alice: AccessPrincipal = {
  user: 'alice',
  workspace: 'default',
  method: 'jwt',
  claims: { groups: ['eng'] },
};
const intern: AccessPrincipal = {
  user: 'ivan',
  workspace: 'default',
  method: 'jwt',
  claims: { groups: ['interns'], level: 1 },
};

const call = (
  principal: AccessPrincipal,
  tool: string | undefined,
  args?: Record<string, unknown>,
  server = 'github',
): AccessRequest => ({
  principal,
  server,
  method: tool === undefined ? 'initialize' : 'tools/call',
  target: tool === undefined ? undefined : { kind: 'tool', name: tool },
  arguments: args,
  time: Date.parse('2026-12-01T10:00:00Z'),
});

describe('access policies', () => {
  it('the gate decides before any message: a condition on the message neither closes nor opens the server', async () => {
    const engine = await compileAccess(
      rules([
        {
          name: 'only-reads',
          effect: 'deny',
          servers: ['github'],
          condition: '!(mcp.method in ["initialize", "notifications/initialized", "tools/list"])',
        },
        {
          name: 'eng-only',
          effect: 'allow',
          servers: ['github'],
          subjects: { claims: [{ claim: 'groups', op: 'contains', values: ['eng'] }] },
        },
      ]),
    );
    const gate = (principal: AccessPrincipal) =>
      engine.decide({ ...call(principal, undefined), method: '' }, 'gate');
    // as the message would be judged (a call with no method): closed; before any message: open to alice
    expect(engine.decide({ ...call(alice, undefined), method: '' })).toMatchObject({ allowed: false });
    expect(gate(alice)).toMatchObject({ allowed: true });
    // alice's initialize passes, her calls do not
    expect(engine.decide(call(alice, undefined))).toMatchObject({ allowed: true });
    expect(engine.decide(call(alice, 'delete_repository'))).toMatchObject({ allowed: false });
    // whoever no rule admits stays closed out
    expect(gate(intern)).toMatchObject({ allowed: false, serverLevel: true });
  });

  it('the gate judges a failing condition on the principal as calls will: an allow it needs admits no one', async () => {
    const engine = await compileAccess(
      rules([
        {
          name: 'eng',
          effect: 'allow',
          servers: ['github'],
          condition: 'principal.claims.department == "eng"',
        },
      ]),
    );
    const gate = (principal: AccessPrincipal) =>
      engine.decide({ ...call(principal, undefined), method: '' }, 'gate');
    // no such claim: the condition fails, at the gate as on every call (the server stays undisclosed)
    expect(gate(alice)).toMatchObject({ allowed: false, serverLevel: true });
    expect(engine.decide(call(alice, undefined))).toMatchObject({ allowed: false, serverLevel: true });
    const engineer = { ...alice, claims: { department: 'eng' } };
    expect(gate(engineer)).toMatchObject({ allowed: true });
    expect(engine.decide(call(engineer, 'search'))).toMatchObject({ allowed: true, policy: 'eng' });
  });

  it('an allow of a tool admits to its server only whom its condition on the principal may allow', async () => {
    const engine = await compileAccess(
      rules(
        [
          {
            name: 'sre-deploys',
            effect: 'allow',
            servers: ['prod'],
            tools: ['deploy'],
            condition: 'principal.claims.department == "sre"',
          },
          {
            name: 'small-pays',
            effect: 'allow',
            servers: ['bank'],
            tools: ['pay'],
            condition: 'mcp.tool.arguments.amount < 100',
          },
        ],
        { defaultAccess: 'deny' },
      ),
    );
    const on = (server: string, principal: AccessPrincipal, tool?: string) =>
      engine.decide({ ...call(principal, tool), server });
    const sre = { ...alice, claims: { department: 'sre' } };
    // not an SRE: not admitted to the server at all, at the gate as for its session's messages
    expect(engine.decide({ ...call(alice, undefined), server: 'prod', method: '' }, 'gate')).toMatchObject({
      allowed: false,
      serverLevel: true,
    });
    expect(on('prod', alice)).toMatchObject({ allowed: false, serverLevel: true });
    expect(on('prod', sre)).toMatchObject({ allowed: true });
    expect(on('prod', sre, 'deploy')).toMatchObject({ allowed: true, policy: 'sre-deploys' });
    // a condition on the message admits to the server; each call is judged by it
    expect(on('bank', alice)).toMatchObject({ allowed: true });
    expect(on('bank', alice, 'pay')).toMatchObject({ allowed: false });
    expect(engine.decide(call(alice, 'pay', { amount: 5 }, 'bank'))).toMatchObject({ allowed: true });
  });

  it('a condition on `mcp.server` alone is judged at the gate: it admits to the servers it names only', async () => {
    const engine = await compileAccess(
      rules([{ name: 'dev-search', effect: 'allow', tools: ['search'], condition: 'mcp.server == "dev"' }], {
        defaultAccess: 'deny',
      }),
    );
    const gate = (server: string) => engine.decide({ ...call(alice, undefined), server, method: '' }, 'gate');
    expect(gate('prod')).toMatchObject({ allowed: false, serverLevel: true });
    expect(engine.decide(call(alice, undefined, undefined, 'prod'))).toMatchObject({
      allowed: false,
      serverLevel: true,
    });
    expect(gate('dev')).toMatchObject({ allowed: true });
    expect(engine.decide(call(alice, 'search', undefined, 'dev'))).toMatchObject({ allowed: true });
    expect(engine.decide(call(alice, 'search', undefined, 'prod'))).toMatchObject({ allowed: false });
  });

  it('without rules and with an allowing default: inactive, everything allowed by default', async () => {
    const engine = await compileAccess(rules([]));
    expect(engine.active).toBe(false);
    expect(engine.decide(call(alice, 'anything'))).toMatchObject({ allowed: true, source: 'default' });
  });

  it('can the intern call delete_repository? a deny over a claim wins over an allow for everyone', async () => {
    const engine = await compileAccess(
      rules([
        { name: 'everyone', servers: ['github'] },
        {
          name: 'no-interns-deleting',
          effect: 'deny',
          tools: ['delete_*'],
          subjects: { claims: [{ claim: 'groups', op: 'contains', values: ['interns'] }] },
        },
      ]),
    );
    expect(engine.decide(call(intern, 'delete_repository'))).toEqual({
      allowed: false,
      source: 'policy',
      policy: 'no-interns-deleting',
      reason: 'Denied by access policy "no-interns-deleting".',
      serverLevel: false,
    });
    expect(engine.decide(call(intern, 'get_file'))).toMatchObject({ allowed: true, policy: 'everyone' });
    expect(engine.decide(call(alice, 'delete_repository'))).toMatchObject({
      allowed: true,
      policy: 'everyone',
    });
  });

  it('a server an allow rule names admits only its subjects; others are refused like an unknown server', async () => {
    const engine = await compileAccess(
      rules([{ name: 'eng-only', servers: ['github'], subjects: { teams: ['eng'] } }], {
        teams: [{ name: 'eng', claim: 'groups', values: ['eng'] } as Team],
      }),
    );
    expect(engine.decide(call(alice, undefined))).toMatchObject({ allowed: true, policy: 'eng-only' });
    expect(engine.decide(call(intern, undefined))).toMatchObject({ allowed: false, serverLevel: true });
    // another server no allow rule names: the workspace default
    expect(engine.decide(call(intern, undefined, undefined, 'jira'))).toMatchObject({
      allowed: true,
      source: 'default',
    });
  });

  it('a deny default closes servers nobody allowed; an allowed tool also admits to its server', async () => {
    const engine = await compileAccess(
      rules([{ name: 'ivan-reads', tools: ['get_*'], subjects: { users: ['ivan'] } }], {
        defaultAccess: 'deny',
      }),
    );
    expect(engine.decide(call(alice, undefined))).toMatchObject({
      allowed: false,
      source: 'default',
      serverLevel: true,
    });
    expect(engine.decide(call(intern, undefined))).toMatchObject({ allowed: true, policy: 'ivan-reads' });
    expect(engine.decide(call(intern, 'get_file'))).toMatchObject({ allowed: true, policy: 'ivan-reads' });
    // admitted through one allowed tool, a deny default still closes the others
    expect(engine.decide(call(intern, 'delete_file'))).toMatchObject({
      allowed: false,
      source: 'default',
      serverLevel: false,
    });
  });

  it('a tool an allow rule names is reserved to its subjects; other tools are not', async () => {
    const engine = await compileAccess(
      rules([{ name: 'admins-delete', tools: ['delete_*'], subjects: { users: ['alice'] } }]),
    );
    expect(engine.decide(call(intern, 'delete_repository'))).toMatchObject({
      allowed: false,
      serverLevel: false,
    });
    expect(engine.decide(call(intern, 'get_file'))).toMatchObject({ allowed: true, source: 'default' });
    expect(engine.decide(call(alice, 'delete_repository'))).toMatchObject({ allowed: true });
  });

  it('claim operators: equals/in, notEquals/notIn, contains, matches, exists, dotted names', async () => {
    const allowed = async (claims: Record<string, unknown>, op: string, values?: string[], claim = 'c') =>
      (
        await compileAccess(
          rules([
            {
              name: 'r',
              servers: ['github'],
              subjects: { claims: [{ claim, op: op as 'equals', ...(values ? { values } : {}) }] },
            },
          ]),
        )
      ).decide(call({ ...alice, claims }, undefined)).allowed;
    expect(await allowed({ c: 'a' }, 'equals', ['a'])).toBe(true);
    expect(await allowed({ c: ['x', 'a'] }, 'in', ['a', 'b'])).toBe(true);
    expect(await allowed({ c: 'z' }, 'in', ['a', 'b'])).toBe(false);
    expect(await allowed({ c: 'z' }, 'notEquals', ['a'])).toBe(true);
    expect(await allowed({ c: ['a'] }, 'notIn', ['a'])).toBe(false);
    expect(await allowed({ c: ['a', 'b', 'c'] }, 'contains', ['a', 'c'])).toBe(true);
    expect(await allowed({ c: ['a'] }, 'contains', ['a', 'c'])).toBe(false);
    expect(await allowed({ c: 'hello world' }, 'contains', ['lo w'])).toBe(true);
    expect(await allowed({ c: 'dev-team' }, 'matches', ['dev-.*'])).toBe(true);
    expect(await allowed({ c: 'xdev-team' }, 'matches', ['dev-.*'])).toBe(false);
    // whole values only, on RE2 (linear time on a long value a backtracking engine takes minutes on), and a
    // pattern stored before patterns had to be RE2's still as written
    expect(await allowed({ c: 'dev-team' }, 'matches', ['dev|dev-team'])).toBe(true);
    const started = performance.now();
    expect(await allowed({ c: `${'a'.repeat(100_000)}!` }, 'matches', ['(a|a)*b', '.*a.*a.*a.*b'])).toBe(
      false,
    );
    expect(performance.now() - started).toBeLessThan(10_000); // generous: the backtracking engine never ends
    expect(await allowed({ c: 'eng-1' }, 'matches', ['(?=eng)\\w+-\\d'])).toBe(true);
    expect(await allowed({ c: 3 }, 'exists')).toBe(true);
    expect(await allowed({}, 'exists')).toBe(false);
    expect(await allowed({ org: { unit: 'sec' } }, 'equals', ['sec'], 'org.unit')).toBe(true);
  });

  it('notEquals/notIn on a claim the token lacks: an allow does not apply, a deny does', async () => {
    const decide = async (effect: 'allow' | 'deny', claims: Record<string, unknown>) =>
      (
        await compileAccess(
          rules(
            [
              {
                name: 'r',
                effect,
                servers: ['github'],
                subjects: { claims: [{ claim: 'employment', op: 'notIn', values: ['contractor'] }] },
              },
            ],
            { defaultAccess: effect === 'allow' ? 'deny' : 'allow' },
          ),
        )
      ).decide(call({ ...alice, claims }, undefined)).allowed;
    // an api key (no claims), an identity provider leaving the claim out, a claim that is an object
    for (const claims of [
      {},
      { employment: null },
      { employment: { kind: 'contractor' } },
      { employment: [{ kind: 'contractor' }] },
      { employment: ['staff', null] },
    ]) {
      expect(await decide('allow', claims)).toBe(false);
      expect(await decide('deny', claims)).toBe(false);
    }
    expect(await decide('allow', { employment: 'staff' })).toBe(true);
    expect(await decide('allow', { employment: 'contractor' })).toBe(false);
    expect(await decide('allow', { employment: [] })).toBe(true); // a list with none of them
    // a deny on "not a contractor" refuses staff and lets contractors by
    expect(await decide('deny', { employment: 'staff' })).toBe(false);
    expect(await decide('deny', { employment: 'contractor' })).toBe(true);
  });

  it('CEL conditions on the arguments actually sent; an error never allows and always denies', async () => {
    const engine = await compileAccess(
      rules([
        {
          name: 'tmp-writes',
          tools: ['write_file'],
          condition: 'mcp.tool.arguments.path.startsWith("/tmp/")',
        },
        {
          name: 'no-big-batches',
          effect: 'deny',
          tools: ['bulk_*'],
          condition: 'mcp.tool.arguments.count > 100',
        },
      ]),
    );
    expect(engine.decide(call(alice, 'write_file', { path: '/tmp/a' }))).toMatchObject({
      allowed: true,
      policy: 'tmp-writes',
    });
    expect(engine.decide(call(alice, 'write_file', { path: '/etc/passwd' })).allowed).toBe(false);
    expect(engine.decide(call(alice, 'write_file', {})).allowed).toBe(false); // no path: error → no allow
    expect(engine.decide(call(alice, 'bulk_delete', { count: 5 })).allowed).toBe(true);
    expect(engine.decide(call(alice, 'bulk_delete', { count: 500 })).allowed).toBe(false);
    expect(engine.decide(call(alice, 'bulk_delete', {})).allowed).toBe(false); // error → the deny applies
    // listing: a call could be allowed, so the tool is listed; the conditional deny hides nothing
    expect(engine.decide(call(alice, 'write_file'), 'list').allowed).toBe(true);
    expect(engine.decide(call(alice, 'bulk_delete'), 'list').allowed).toBe(true);
    // a condition that reads no arguments fails in the list as in the call: the list shows what may be called
    const byClaims = await compileAccess(
      rules(
        [
          {
            name: 'sre-deploys',
            effect: 'allow',
            tools: ['deploy'],
            condition: 'principal.claims.department == "sre"',
          },
          {
            name: 'cleared-reads',
            effect: 'deny',
            tools: ['read_vault'],
            condition: 'principal.claims.clearance != "high"',
          },
        ],
        { defaultAccess: 'deny' },
      ),
    );
    for (const tool of ['deploy', 'read_vault']) {
      const called = byClaims.decide(call(alice, tool, {})).allowed;
      expect(byClaims.decide(call(alice, tool), 'list').allowed, tool).toBe(called);
    }
    expect(byClaims.decide(call(alice, 'read_vault', {})).allowed).toBe(false);
  });

  it('an argument past 2^53 is unknown to conditions: a deny on it applies, an allow does not', async () => {
    const engine = await compileAccess(
      rules([
        {
          name: 'not-that-account',
          effect: 'deny',
          tools: ['pay'],
          condition: 'mcp.tool.arguments.account == 1152921504606846977',
        },
        { name: 'small-refunds', tools: ['refund'], condition: 'mcp.tool.arguments.account != 7' },
      ]),
    );
    // JSON.parse reads 1152921504606846977 as …976: the deny would never match the account the upstream pays
    const parsed = JSON.parse('{"account": 1152921504606846977}') as Record<string, unknown>;
    expect(engine.decide(call(alice, 'pay', parsed)).allowed).toBe(false);
    expect(engine.decide(call(alice, 'pay', { account: 42 })).allowed).toBe(true);
    expect(engine.decide(call(alice, 'refund', { nested: [{ account: 2 ** 60 }] })).allowed).toBe(false);
    expect(engine.decide(call(alice, 'refund', { account: 8 })).allowed).toBe(true);
    // a large number the condition does not name (a nanosecond timestamp) leaves it to judge the rest
    expect(
      engine.decide(call(alice, 'refund', { account: 8, sentAtNs: 1_733_400_000_000_000_000 })).allowed,
    ).toBe(true);
    expect(inexactKeys({ a: [1, 2.5, -(2 ** 53 - 1)] })).toEqual(new Set());
    expect(inexactKeys({ a: { b: -(2 ** 53) }, c: [2 ** 60] })).toEqual(new Set(['b', 'c']));
    // past a double's range: Infinity, which JSON (a digest, a webhook's question) writes as null
    expect(inexactKeys(JSON.parse('{"amount": 1e400, "n": [-1e999], "ok": 1.5e-300}'))).toEqual(
      new Set(['amount', 'n']),
    );
  });

  it('a deny on an argument holds for it sent as text that a lax upstream reads as a number or boolean', async () => {
    const engine = await compileAccess(
      rules([
        { name: 'not-42', effect: 'deny', tools: ['pay'], condition: 'mcp.tool.arguments.account == 42' },
        {
          name: 'not-forced',
          effect: 'deny',
          tools: ['deploy'],
          condition: 'mcp.tool.arguments.force == true',
        },
        {
          name: 'not-etc',
          effect: 'deny',
          tools: ['read'],
          condition: 'mcp.tool.arguments.path.startsWith("/etc")',
        },
        { name: 'v1-only', tools: ['migrate'], condition: 'mcp.tool.arguments.v == "1.0"' },
      ]),
    );
    // "42" is 42 to a lax upstream (pydantic's default): the deny applies to either
    expect(engine.decide(call(alice, 'pay', { account: 42 })).allowed).toBe(false);
    expect(engine.decide(call(alice, 'pay', { account: '42' })).allowed).toBe(false);
    expect(engine.decide(call(alice, 'pay', { account: '43' })).allowed).toBe(true);
    expect(engine.decide(call(alice, 'pay', { account: 'acme-42' })).allowed).toBe(true);
    expect(engine.decide(call(alice, 'deploy', { force: 'true' })).allowed).toBe(false);
    // as pydantic reads numbers (padded, signed, leading zeros, `_` between digits) and booleans
    for (const account of [' 42', '042', '+42', '4_2', '42 ', '42.0', '4.2e1'])
      expect(engine.decide(call(alice, 'pay', { account })).allowed, account).toBe(false);
    for (const force of ['True', ' TRUE '])
      expect(engine.decide(call(alice, 'deploy', { force })).allowed, String(force)).toBe(false);
    // pydantic's other boolean words are not read so: a number or a text field would judge as a boolean
    for (const force of [false, 'false', 'no', '0', 0, 2, 'maybe'])
      expect(engine.decide(call(alice, 'deploy', { force })).allowed, String(force)).toBe(true);
    for (const account of ['4__2', '_42', '42_', '0x2a', '43'])
      expect(engine.decide(call(alice, 'pay', { account })).allowed, account).toBe(true);
    // what the lax reading cannot judge is no error of the call's, nor does it change an allow
    expect(engine.decide(call(alice, 'read', { path: '2024' })).allowed).toBe(true);
    expect(engine.decide(call(alice, 'read', { path: '/etc/passwd' })).allowed).toBe(false);
    expect(engine.decide(call(alice, 'migrate', { v: '1.0' })).allowed).toBe(true);
    expect(laxArguments({ a: 'text', b: 1 })).toBeUndefined();
    expect(laxArguments({ a: ['1', 'False'], b: { c: '-2.5e3' } })).toEqual({
      a: [1, false],
      b: { c: -2500 },
    });
    // a numeral past what a number holds exactly stays text
    expect(laxArguments({ id: '1152921504606846977' })).toBeUndefined();
    // "anything but" conditions hold for nothing that is the value itself
    const but = await compileAccess(
      rules([
        { name: 'retries', effect: 'deny', tools: ['r'], condition: 'mcp.tool.arguments.retries != 1' },
        { name: 'confirm', effect: 'deny', tools: ['c'], condition: 'mcp.tool.arguments.confirm != "yes"' },
        { name: 'level', effect: 'deny', tools: ['l'], condition: '!(mcp.tool.arguments.level in [0, 1])' },
      ]),
    );
    expect(but.decide(call(alice, 'r', { retries: 1 })).allowed).toBe(true);
    expect(but.decide(call(alice, 'c', { confirm: 'yes' })).allowed).toBe(true);
    expect(but.decide(call(alice, 'l', { level: 0 })).allowed).toBe(true);
    expect(but.decide(call(alice, 'l', { level: 2 })).allowed).toBe(false);
  });

  it('conditions see principal, request headers and time', async () => {
    const engine = await compileAccess(
      rules(
        [
          {
            name: 'office-hours',
            servers: ['github'],
            condition:
              '"eng" in principal.teams && request.headers["x-env"] == "prod" && timestamp(request.time).getHours() < 18',
          },
        ],
        { teams: [{ name: 'eng', members: ['alice'] } as Team] },
      ),
    );
    const ask = { ...call(alice, undefined), headers: { 'x-env': 'prod' } };
    expect(engine.decide(ask).allowed).toBe(true);
    expect(engine.decide({ ...ask, headers: { 'x-env': 'dev' } }).allowed).toBe(false);
    expect(engine.decide({ ...ask, time: Date.parse('2026-12-01T19:00:00Z') }).allowed).toBe(false);
  });

  it('conditions never see credentials, nor the method and target headers a message may contradict', async () => {
    const engine = await compileAccess(
      rules([
        {
          name: 'by-header',
          servers: ['github'],
          condition:
            'request.headers["mcp-name"] == "search" || request.headers["mcp-method"] == "tools/call" || has(request.headers.authorization) || has(request.headers.cookie)',
        },
      ]),
    );
    // a call of delete_repo that claims, in headers, to be a call of search
    const ask = {
      ...call(alice, 'delete_repo', {}),
      headers: { 'mcp-name': 'search', 'mcp-method': 'tools/call', authorization: 'Bearer x', cookie: 'a=b' },
    };
    expect(engine.decide(ask).allowed).toBe(false);
  });

  it('methods, prompts and resource URIs', async () => {
    const engine = await compileAccess(
      rules([
        { name: 'no-secrets', effect: 'deny', resources: ['file:///secrets/*'] },
        { name: 'no-sampling-setup', effect: 'deny', methods: ['logging/*'] },
        { name: 'prompt-owners', prompts: ['release_*'], subjects: { users: ['alice'] } },
      ]),
    );
    const read = (uri: string) =>
      engine.decide({
        ...call(alice, undefined),
        method: 'resources/read',
        target: { kind: 'resource', name: uri },
      });
    expect(read('file:///secrets/key').allowed).toBe(false);
    // as the upstream will read it: dot segments resolved, escapes decoded, scheme in lower case
    // and an encoded separator that only becomes a dot segment once decoded
    for (const sneaky of [
      'file:///docs/../secrets/key',
      'file:///secrets%2Fkey',
      'FILE:///secrets/key',
      'file:///docs/..%2fsecrets/key',
      'file:///docs/%2e%2e%2Fsecrets/key',
      'file:///docs/%252e%252e/secrets/key',
      // read as a plain path by the server: empty segments, backslashes, `?` and `#` in the path
      'file:///docs//../secrets/key',
      'file:////secrets/key',
      'file:///docs/\\..\\secrets/key',
      'file:///docs/#/../../secrets/key',
      'file:///docs/?x=/../../secrets/key',
      // a host in a `file:` URI, which a server reading the path alone never looks at
      'file://127.0.0.1/secrets/key',
      'file://evil/secrets/key',
      'file://./secrets/key',
      // an encoded `/` right after the scheme: the path's to a server parsing the URI before decoding
      // its path (`decodeURIComponent(new URL(uri).pathname)`, `unquote(urlparse(uri).path)`)
      'file:/%2fsecrets/key',
      'file:%2f%2fsecrets/key',
      'file:/docs/..%2f%2fsecrets/key',
      // no scheme: a path to a server that prefixes one
      '/secrets/key',
      'secrets/key',
      '/docs/../secrets/key',
    ])
      expect(read(sneaky).allowed, sneaky).toBe(false);
    // a deny of one URI covers it with a query or fragment added (a path reading drops them)
    const exact = await compileAccess(
      rules([{ name: 'no-env', effect: 'deny', resources: ['file:///etc/app/secret.env'] }]),
    );
    for (const uri of [
      'file:///etc/app/secret.env',
      'file:///etc/app/secret.env#',
      'file:///etc/app/secret.env?x',
    ])
      expect(
        exact.decide({
          ...call(alice, undefined),
          method: 'resources/read',
          target: { kind: 'resource', name: uri },
        }).allowed,
        uri,
      ).toBe(false);
    expect(
      exact.decide({
        ...call(alice, undefined),
        method: 'resources/read',
        target: { kind: 'resource', name: 'file:///etc/app/other.env' },
      }).allowed,
    ).toBe(true);
    // an allow covers a URI only as both readings: under a deny default, `public` opens no other path
    const publicOnly = await compileAccess({
      ...rules([{ name: 'public', effect: 'allow', resources: ['file:///public/*'] }]),
      defaultAccess: 'deny',
    });
    const readPublic = (uri: string) =>
      publicOnly.decide({
        ...call(alice, undefined),
        method: 'resources/read',
        target: { kind: 'resource', name: uri },
      }).allowed;
    expect(readPublic('file:///public/readme')).toBe(true);
    expect(readPublic('file:///public/docs/')).toBe(true);
    expect(readPublic('file:///public/a/../b')).toBe(true);
    // the readings of ordinary URIs stay what an allow names: queries, fragments, hosts in any case,
    // no scheme at all
    const ordinary = await compileAccess({
      ...rules([
        {
          name: 'ordinary',
          effect: 'allow',
          resources: [
            'https://api/items?id=*',
            'https://api/page?x=1',
            'https://h/a#*',
            'custom://host/*',
            'docs/*',
            'https://host/*',
          ],
        },
      ]),
      defaultAccess: 'deny',
    });
    for (const uri of [
      'https://api/items?id=1',
      'https://api/page?x=1',
      'https://h/a#f',
      'custom://Host/a',
      'docs/readme',
      'https://host./x',
    ])
      expect(
        ordinary.decide({
          ...call(alice, undefined),
          method: 'resources/read',
          target: { kind: 'resource', name: uri },
        }).allowed,
        uri,
      ).toBe(true);
    for (const sneaky of [
      'file:///public//../secret/key',
      'file:///public/\\..\\..\\secret',
      'file:///public/#/../../secret',
    ])
      expect(readPublic(sneaky), sneaky).toBe(false);
    // and under an allow default, a URI an allow restricts to some is no one else's by a reading that
    // differs (a path reading, a query or fragment a path reading drops)
    const secretForSec = await compileAccess({
      ...rules([
        { name: 'sec-only', effect: 'allow', resources: ['file:///secret/*'], subjects: { teams: ['sec'] } },
      ]),
      defaultAccess: 'allow',
    });
    const readSecret = (uri: string) =>
      secretForSec.decide({
        ...call(alice, undefined),
        method: 'resources/read',
        target: { kind: 'resource', name: uri },
      }).allowed;
    expect(readSecret('file:///open/readme')).toBe(true);
    for (const sneaky of [
      'file:///secret/key',
      'file:///a//../secret/key',
      'file:///secret/key?x',
      'file:///secret/key#f',
      'file:/%2fsecret/key',
      '/secret/key',
    ])
      expect(readSecret(sneaky), sneaky).toBe(false);
    // while the principals it allows read them, whichever way the server reads them (the other reading
    // is open to them too); an exact pattern with a query added as well
    const asSec = (uri: string, engine = secretForSec) =>
      engine.decide({
        ...call({ ...alice, teams: ['sec'] }, undefined),
        method: 'resources/read',
        target: { kind: 'resource', name: uri },
      }).allowed;
    for (const uri of ['file:///secret/key', 'file:///a//../secret/key', 'file:///secret/key?x'])
      expect(asSec(uri), uri).toBe(true);
    const envOnly = await compileAccess({
      ...rules([
        {
          name: 'env',
          effect: 'allow',
          resources: ['file:///etc/app/secret.env'],
          subjects: { teams: ['sec'] },
        },
        // another allow of the URL reading, for another team: that reading is theirs, not sec's
        { name: 'ops-a', effect: 'allow', resources: ['file:///a/*'], subjects: { teams: ['ops'] } },
      ]),
      defaultAccess: 'allow',
    });
    expect(asSec('file:///etc/app/secret.env?x', envOnly)).toBe(true);
    expect(asSec('file:///a/etc//../../etc/app/secret.env', envOnly)).toBe(false);
    // a reading another allow keeps to others by its methods alone is not open to sec either
    const opsReads = await compileAccess({
      ...rules([
        {
          name: 'env',
          effect: 'allow',
          resources: ['file:///etc/app/secret.env'],
          subjects: { teams: ['sec'] },
        },
        { name: 'ops-reads', effect: 'allow', methods: ['resources/read'], subjects: { teams: ['ops'] } },
      ]),
      defaultAccess: 'allow',
    });
    expect(asSec('file:///etc/app/secret.env', opsReads)).toBe(true);
    expect(asSec('file:///a/etc//../../etc/app/secret.env', opsReads)).toBe(false);
    // under a deny default, an exact allow opens that URI, not the same with a query (another resource
    // to a server reading URLs)
    const closed = await compileAccess({
      ...rules([
        {
          name: 'report',
          effect: 'allow',
          resources: ['https://intranet/report'],
          subjects: { teams: ['sec'] },
        },
      ]),
      defaultAccess: 'deny',
    });
    expect(asSec('https://intranet/report', closed)).toBe(true);
    expect(asSec('https://intranet/report?user=bob', closed)).toBe(false);
    expect(read('file:///docs/readme').allowed).toBe(true);
    // patterns are read the same way: copied from a list in encoded form, with a host in capitals, or
    // without the path's slash, a deny still holds
    const copied = await compileAccess(
      rules([
        { name: 'encoded', effect: 'deny', resources: ['file:///My%20Docs/*'] },
        { name: 'capitals', effect: 'deny', resources: ['https://API.example.com/*'] },
        { name: 'bare-host', effect: 'deny', resources: ['https://x.example.com'] },
        // a prefix that ends within the host covers every host it names the start of
        { name: 'internal-hosts', effect: 'deny', resources: ['http://Internal*'] },
        // a scheme URL parsing leaves the host of as written
        { name: 'finance-bucket', effect: 'deny', resources: ['s3://Finance*'] },
      ]),
    );
    const readCopied = (uri: string) =>
      copied.decide({
        ...call(alice, undefined),
        method: 'resources/read',
        target: { kind: 'resource', name: uri },
      }).allowed;
    expect(readCopied('file:///My%20Docs/secret.txt')).toBe(false);
    expect(readCopied('file:///My Docs/secret.txt')).toBe(false);
    expect(readCopied('https://api.example.com/v1/keys')).toBe(false);
    expect(readCopied('https://x.example.com')).toBe(false);
    expect(readCopied('https://x.example.com/')).toBe(false);
    expect(readCopied('file:///Other/secret.txt')).toBe(true);
    expect(readCopied('http://internal-db/secrets')).toBe(false);
    expect(readCopied('http://internal/x')).toBe(false);
    // the host reached is judged: user info, a trailing dot or capitals in front of it change nothing
    for (const sneaky of [
      'https://u@api.example.com/v1/keys',
      'https://u:p@API.example.com./v1/keys',
      'https://api.example.com../v1/keys',
      'http://u@internal-db/secrets',
      's3://Finance/q3',
      's3://u@finance./q3',
      'S3://FINANCE/q3',
    ])
      expect(readCopied(sneaky), sneaky).toBe(false);
    expect(readCopied('s3://public/q3')).toBe(true);
    // a condition sees the URI as patterns do (and the URI as sent, apart)
    const conditioned = await compileAccess(
      rules([
        { name: 'cel', effect: 'deny', condition: 'mcp.resource.uri.startsWith("file:///secrets/")' },
        { name: 'raw', effect: 'deny', condition: 'mcp.resource.rawUri.contains("%2F")' },
      ]),
    );
    const readConditioned = (uri: string) =>
      conditioned.decide({
        ...call(alice, undefined),
        method: 'resources/read',
        target: { kind: 'resource', name: uri },
      });
    expect(readConditioned('file:///docs/../secrets/k')).toMatchObject({ allowed: false, policy: 'cel' });
    expect(readConditioned('file:///docs//../secrets/k')).toMatchObject({ allowed: false, policy: 'cel' });
    expect(readConditioned('file:///docs%2Fk')).toMatchObject({ allowed: false, policy: 'raw' });
    expect(readConditioned('file:///docs/k').allowed).toBe(true);
    expect(engine.decide({ ...call(alice, undefined), method: 'logging/setLevel' }).allowed).toBe(false);
    const prompt = (principal: AccessPrincipal) =>
      engine.decide({
        ...call(principal, undefined),
        method: 'prompts/get',
        target: { kind: 'prompt', name: 'release_notes' },
      });
    expect(prompt(alice).allowed).toBe(true);
    expect(prompt(intern).allowed).toBe(false);
  });

  it('priority names the first rule deciding alike; disabled rules do not count', async () => {
    const engine = await compileAccess(
      rules([
        { name: 'b-late', effect: 'deny', priority: 50, tools: ['x'] },
        { name: 'a-early', effect: 'deny', priority: 10, tools: ['x'] },
        { name: 'off', effect: 'deny', enabled: false, tools: ['y'] },
      ]),
    );
    expect(engine.decide(call(alice, 'x')).policy).toBe('a-early');
    expect(engine.decide(call(alice, 'y')).allowed).toBe(true);
  });

  it('teams come from the token, from members and from a claim', async () => {
    const engine = await compileAccess(
      rules([], {
        teams: [
          { name: 'sre', members: ['alice'] } as Team,
          { name: 'eng', claim: 'groups', values: ['eng', 'platform'] } as Team,
        ],
      }),
    );
    expect(engine.teamsOf({ ...alice, teams: ['from-token'] }).sort()).toEqual(['eng', 'from-token', 'sre']);
    expect(engine.teamsOf(intern)).toEqual([]);
  });

  it('refuses everything while a policy of the workspace cannot be read (it might have been a deny)', async () => {
    const engine = await compileAccess({
      ...rules([{ name: 'open', servers: ['github'] }]),
      unreadable: true,
    });
    expect(engine.decide(call(alice, 'get_file'))).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('cannot be read'),
    });
  });

  it('condition texts are checked: syntax, unknown variables; compiling refuses what checking does', async () => {
    const { problem: conditionProblem, compile } = await conditionLanguage();
    expect(() => compile('nope == 1')).toThrow(/nope/);
    expect(() => compile('1 + 2')).toThrow(/boolean/);
    expect(conditionProblem('mcp.tool.name == "x"')).toBeUndefined();
    expect(conditionProblem('mcp.tool.name ==')).toMatch(/Unexpected/);
    expect(conditionProblem('nope == 1')).toMatch(/nope/);
    expect(conditionProblem('1 + 2')).toMatch(/boolean/);
  });

  it('conditions as written are checked against the fields and types of the input; stored ones load as before', async () => {
    const { problem, loadProblem, compile } = await conditionLanguage();
    const wellTyped = [
      'principal.claims.department == "eng"',
      'principal.claims["cognito:groups"].exists(g, g == "admins")',
      '"sre" in principal.teams && size(principal.teams) < 5',
      'has(principal.email) && principal.email.endsWith("@corp.test")',
      'mcp.tool.arguments.count > 100 && mcp.tool.arguments.path.startsWith("/tmp/")',
      'mcp.resource.uri.startsWith("file:///") || mcp.prompt.name == "p" || mcp.server == "s"',
      'request.headers["x-env"] == "prod" && timestamp(request.time).getHours() < 18',
    ];
    for (const text of wellTyped) expect(problem(text), text).toBeUndefined();
    const misspelt = {
      'principal.emial.endsWith("@corp.test")': /emial/,
      'mcp.tool.nme == "x"': /nme/,
      'principal.teams == "sre"': /overload/,
      'mcp.tool == "x"': /overload/,
      'request.headers.env.name == "x"': /index/i,
    };
    for (const [text, why] of Object.entries(misspelt)) {
      expect(problem(text), text).toMatch(why);
      // what an older gateway accepted still loads: the misspelt field is an error on every request
      expect(loadProblem(text), text).toBeUndefined();
    }
    const input = {
      principal: {
        user: 'u',
        workspace: 'w',
        method: 'api_key',
        teams: ['sre'],
        claims: {},
        email: 'a@corp.test',
      },
      mcp: {
        server: 's',
        method: 'tools/call',
        tool: { name: 'x', arguments: {} },
        prompt: { name: '', arguments: {} },
        resource: { uri: '', rawUri: '' },
      },
      request: { headers: {}, time: new Date(0).toISOString() },
    };
    expect(compile('principal.emial.endsWith("@corp.test")')(input)).toBe('error');
    expect(compile('principal.email.endsWith("@corp.test")')(input)).toBe(true);
  });
});

describe('property: a tool is listed exactly when calling it is allowed (no conditions)', () => {
  const names = fc.constantFrom('get_file', 'delete_repo', 'deploy', 'search');
  const pattern = fc.constantFrom('get_*', 'delete_*', 'deploy', '*', 'search');
  const user = fc.constantFrom('alice', 'bob', 'ivan');
  const policy = fc.record(
    {
      effect: fc.constantFrom('allow' as const, 'deny' as const),
      priority: fc.integer({ min: 0, max: 5 }),
      servers: fc.option(fc.constantFrom(['github'], ['jira'], ['git*']), { nil: undefined }),
      tools: fc.option(fc.array(pattern, { minLength: 1, maxLength: 2 }), { nil: undefined }),
      subjects: fc.option(
        fc.record({
          users: fc.option(fc.array(user, { minLength: 1, maxLength: 2 }), { nil: undefined }),
          claims: fc.option(fc.constant([{ claim: 'groups', op: 'in' as const, values: ['interns'] }]), {
            nil: undefined,
          }),
        }),
        { nil: undefined },
      ),
    },
    { requiredKeys: ['effect'] },
  );

  it('holds for random policies, principals and defaults', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(policy, { maxLength: 6 }),
        fc.constantFrom('allow' as const, 'deny' as const),
        user,
        fc.boolean(),
        names,
        async (policies, defaultAccess, who, isIntern, tool) => {
          const engine = await compileAccess(rules(policies as Partial<AccessPolicy>[], { defaultAccess }));
          const principal: AccessPrincipal = {
            user: who,
            workspace: 'default',
            method: 'jwt',
            claims: { groups: isIntern ? ['interns'] : [] },
          };
          const gate = engine.decide(call(principal, undefined));
          const called = engine.decide(call(principal, tool));
          const listed = engine.decide(call(principal, tool), 'list');
          expect(listed.allowed).toBe(called.allowed);
          // a principal refused the server is refused every tool on it
          if (!gate.allowed && gate.serverLevel) expect(called.allowed).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('expandTemplate', () => {
  it('puts values in as they are, keeps operators’ leading characters, leaves unknown variables', () => {
    expect(expandTemplate('file:///{path}', { path: 'a/b c' })).toBe('file:///a/b c');
    expect(expandTemplate('file:///{+path}', { path: 'a/b' })).toBe('file:///a/b');
    expect(expandTemplate('repo://{owner}{/name}', { owner: 'o', name: 'n' })).toBe('repo://o/n');
    expect(expandTemplate('x://h{?q,page}', { q: 'a', page: '2' })).toBe('x://h?q=a&page=2');
    expect(expandTemplate('x://h{/a,b}', { a: '1', b: '2' })).toBe('x://h/1/2');
    expect(expandTemplate('x://{a}/{b}', { a: '1' })).toBe('x://1/{b}');
    expect(expandTemplate('x://{list*}/{s:3}', { list: 'l', s: 'abc' })).toBe('x://l/abc');
  });
});
