/**
 * A fallback server's own say on a request made to the server the client named (loaded with the first
 * server that fails over).
 */

import { stricterPinning } from '../../catalog/pins.js';
import type { Clock } from '../../core/clock.js';
import type { ConfigReader, Server } from '../../core/config.js';
import type { Authenticated, Parsed, RequestContext, Resolved } from '../../mcp/context.js';
import type { FallbackAdmission } from '../../mcp/proxy.js';
import type { McpTarget } from '../../mcp/view.js';
import { acceptsCaller } from '../authenticate/index.js';
import { serverToolPolicy } from '../tool-provisioning/rules.js';
import { argumentsOf, engines, questionsOf, subscribedResources, webhookOf } from './index.js';
import type { AuthzWebhooks } from './webhook.js';

/**
 * What a fallback server itself says of a request made to the server the client named, as it would of a
 * request to it: whether it accepts the caller's credential (method, identity provider, scopes, an api
 * key's servers), its access policies, authorization webhook, tool provisioning (read-only provisioning,
 * which needs the fallback's catalog, admits no tool call) and quarantined tools.
 */
export function fallbackAdmission(options: {
  config: Pick<ConfigReader, 'workspaceRules' | 'webhookByName' | 'workspaceByName'>;
  clock: Clock;
  /** Asks authorization webhooks; a fallback with one is not admitted when unset. */
  webhooks?: Pick<AuthzWebhooks, 'decide'>;
  /** Whether the fallback's pins refuse `tool` under quarantine now. */
  quarantined?: (fallback: Server, tool: string) => Promise<boolean>;
}): (
  fallback: Server,
  context: RequestContext & Authenticated & Resolved & Parsed,
) => Promise<FallbackAdmission> {
  return async (fallback, { principal, mcp, request, server }) => {
    const refused = new Map<number, string>();
    if (principal.servers !== undefined && !principal.servers.includes(fallback.name))
      return { admitted: false, refused };
    if (!(await acceptsCaller(options.config, fallback, principal))) return { admitted: false, refused };
    const rules = await options.config.workspaceRules(principal.workspace);
    const found = engines(rules);
    const engine = found instanceof Promise ? await found : found;
    const provisioning = serverToolPolicy(fallback);
    const teams = engine.teamsOf(principal);
    const time = options.clock.now();
    const ask = questionsOf(principal, fallback.name, request.headers, time, teams);
    const decide = (method: string, target?: McpTarget, args?: Record<string, unknown>, mode?: 'gate') =>
      engine.decide(ask(method, target, args), mode);
    const webhook = await webhookOf(options.config, fallback, rules);
    if (webhook === 'missing' || (webhook !== undefined && options.webhooks === undefined))
      return { admitted: false, refused };
    if (engine.active) {
      // a GET or DELETE meets the server's own rules; anything else its gate first, then each message's
      if (mcp.messages.length === 0) return { admitted: decide('').allowed, refused };
      const gate = decide('', undefined, undefined, 'gate');
      if (!gate.allowed && gate.serverLevel) return { admitted: false, refused };
    }
    for (const [index, m] of mcp.messages.entries()) {
      if (m.kind === 'response' || m.method === undefined || mcp.refused.has(index)) continue;
      if (
        m.target?.kind === 'tool' &&
        provisioning.active &&
        (provisioning.needsAnnotations || !provisioning.allowsName(m.target.name))
      ) {
        refused.set(
          index,
          `Tool "${m.target.name}" is not provisioned on fallback server "${fallback.name}".`,
        );
        continue;
      }
      if (
        m.target?.kind === 'tool' &&
        m.method === 'tools/call' &&
        // the fallback's quarantine, or the named server's (it holds for whatever serves it)
        stricterPinning(fallback.toolPinning, server.toolPinning) === 'quarantine' &&
        (options.quarantined === undefined || (await options.quarantined(fallback, m.target.name)))
      ) {
        refused.set(index, `Tool "${m.target.name}" is quarantined on fallback server "${fallback.name}".`);
        continue;
      }
      const args = argumentsOf(m);
      // the message itself, and each resource a subscriptions/listen asks to hear of, as a subscription
      const questions: [string, McpTarget | undefined][] = [
        [m.method, m.target],
        ...subscribedResources(m).map((uri): [string, McpTarget] => [
          'resources/subscribe',
          { kind: 'resource', name: uri },
        ]),
      ];
      const decision = engine.active
        ? questions.map(([method, target]) => decide(method, target, args)).find((d) => !d.allowed)
        : undefined;
      if (decision !== undefined) {
        refused.set(index, `Fallback server "${fallback.name}": ${decision.reason}`);
        continue;
      }
      if (webhook === undefined || m.kind !== 'request') continue;
      for (const [method, target] of questions) {
        const asked = await options.webhooks!.decide(webhook, {
          principal,
          teams,
          server: fallback,
          method,
          target,
          arguments: args,
        });
        if (asked.allow) continue;
        refused.set(index, `Fallback server "${fallback.name}": ${asked.reason}`);
        break;
      }
    }
    return { admitted: true, refused };
  };
}
