/** What the data plane's stages learn as a request flows, and the shape of its stages. */
import type { Principal, Server, WorkspaceRules } from '../core/config.js';
import type { HttpRequest } from '../core/http.js';
import type { Stage } from '../core/pipeline.js';
import type { RequestTrace } from '../telemetry/request-trace.js';
import type { McpAnswer } from './answer.js';
import type { McpMessage, McpView } from './view.js';

/** Every request starts with this. */
export interface RequestContext {
  request: HttpRequest;
  /** The `{server}` of `/mcp/{server}`. */
  serverName: string;
  /** The request's telemetry, when a telemetry sink wants it. */
  trace?: RequestTrace;
  /**
   * Set on a request a virtual server makes to one of its members, in process (never from HTTP): the
   * virtual server's authenticated caller, on whose behalf it is made.
   */
  member?: Member;
}

/** A virtual server's request to one of its members. */
export interface Member {
  principal: Principal;
  /**
   * The client's message this request carries, as the virtual server (`server`, by name) got it. Absent on
   * the virtual server's own requests (opening a member's session, reading its lists for a merged list):
   * those count against no rate limit and no budget.
   */
  on?: { server: string; message: McpMessage };
  /**
   * The caller's own bearer token, which member requests carry in no header: only a member's token
   * exchange of the caller's token (`subjectToken: user-token`) reads it.
   */
  bearer?: string;
}

export interface ServerLookup {
  /** Started before authentication so the two reads overlap; disclosed only after it. */
  serverLookup: Promise<Server | undefined>;
}

export interface Authenticated {
  principal: Principal;
}

export interface Resolved {
  server: Server;
}

export interface Parsed {
  mcp: McpView;
}

/**
 * Access control ran: the principal's teams (its token's and its workspace's), and the workspace's rules
 * as read for this request (the later policies read them here, not again from the configuration).
 */
export interface AccessChecked {
  teams: readonly string[];
  rules: WorkspaceRules;
}

/** Headers that tell the upstream who is calling (never the client's credential). */
export interface UpstreamIdentity {
  upstreamHeaders: Readonly<Record<string, string>>;
}

/** A data-plane stage: needs `Need`, adds `Add`, answers with MCP messages. */
export type McpStage<Need, Add = unknown> = Stage<Need, Add, McpAnswer>;
