export type { CustomDomainProps, FunctionSettings, McpGatewayProps } from '../shared/props.js';
export { McpGatewayPropsError } from '../shared/props.js';
export { lambdaRuntime, McpGateway } from './mcp-gateway.js';
