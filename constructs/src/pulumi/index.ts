export type { CustomDomainProps, FunctionSettings, McpGatewayProps } from '../shared/props.js';
export { McpGatewayPropsError } from '../shared/props.js';
export { type CustomDomainArgs, lambdaRuntime, McpGateway, type McpGatewayArgs } from './mcp-gateway.js';
