import type { Principal, Server } from './config.js';
import type { HttpRequest, HttpResponse } from './http.js';

/** What the stages of one data-plane request learn as it flows through the pipeline. */
export interface GatewayContext {
  request: HttpRequest;
  /** The `{server}` of `/mcp/{server}`. */
  serverName: string;
  principal?: Principal;
  server?: Server;
}

export type Next = (context: GatewayContext) => Promise<HttpResponse>;

/** One policy step: it may answer itself, or call `next` and look at (or change) the response. */
export type Stage = (context: GatewayContext, next: Next) => Promise<HttpResponse>;

export function compose(stages: readonly Stage[], terminal: Next): Next {
  return stages.reduceRight<Next>((next, stage) => (context) => stage(context, next), terminal);
}
