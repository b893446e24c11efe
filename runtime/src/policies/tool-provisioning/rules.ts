/**
 * The rules of tool provisioning, apart from the stage so the management API can tell which catalog
 * tools a server offers: `allow` and `deny` name patterns (`*` matches any run of characters; deny wins;
 * no `allow` means every tool), and `readOnly` (only tools annotated `readOnlyHint: true`, which counts
 * only on servers whose annotations the admin trusts).
 */

import type { ToolAnnotations } from '../../catalog/tools.js';
import type { Server } from '../../core/config.js';
import { patternMatcher } from '../../core/patterns.js';

export interface ToolRules {
  allow?: readonly string[];
  deny?: readonly string[];
  readOnly?: boolean;
}

export interface ToolPolicy {
  /** Whether provisioning restricts anything at all (no rules: every tool passes, nothing is filtered). */
  active: boolean;
  /** Whether the tool name passes the allow and deny lists. */
  allowsName(name: string): boolean;
  /** Whether a tool with these annotations is offered (name rules and read-only). */
  offers(name: string, annotations: ToolAnnotations | undefined): boolean;
  /** Whether a decision on a name needs the tool's annotations (read-only provisioning). */
  needsAnnotations: boolean;
}

export function toolPolicy(rules: ToolRules | undefined, trustAnnotations: boolean | undefined): ToolPolicy {
  const allow = rules?.allow !== undefined ? patternMatcher(rules.allow) : undefined;
  const deny = rules?.deny !== undefined && rules.deny.length > 0 ? patternMatcher(rules.deny) : undefined;
  // readOnly without trusted annotations is refused at configuration time; here it offers nothing
  const readOnly = rules?.readOnly === true;
  const allowsName = (name: string) => (allow === undefined || allow(name)) && !deny?.(name);
  return {
    active: allow !== undefined || deny !== undefined || readOnly,
    allowsName,
    needsAnnotations: readOnly,
    offers: (name, annotations) =>
      allowsName(name) && (!readOnly || (trustAnnotations === true && annotations?.readOnlyHint === true)),
  };
}

/** The tool policy of a server's configuration. */
export const serverToolPolicy = (server: Pick<Server, 'tools' | 'trustAnnotations'>): ToolPolicy =>
  toolPolicy(server.tools, server.trustAnnotations);
