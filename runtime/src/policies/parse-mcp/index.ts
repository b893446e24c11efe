import { extend } from '../../core/pipeline.js';
import type { Authenticated, McpStage, Parsed, RequestContext } from '../../mcp/context.js';
import { viewOf } from '../../mcp/view.js';

/**
 * Parses the request once into the typed MCP view every later stage decides on. Runs after
 * authentication, so an anonymous caller costs no body parsing.
 */
export function parseMcp(): McpStage<RequestContext & Authenticated, Parsed> {
  return {
    name: 'parse-mcp',
    run(context, next) {
      return next(extend(context, { mcp: viewOf(context.request) }));
    },
  };
}
