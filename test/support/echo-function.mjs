// A Lambda function written against the payload format alone (no helper): it answers initialize,
// tools/list and one `whoami` tool that shows which headers reached it.
export const handler = async (event) => {
  const { message, headers } = event;
  if (message.id === undefined) return null;
  const answer = (result) => ({ jsonrpc: '2.0', id: message.id, result });
  switch (message.method) {
    case 'initialize':
      return answer({
        protocolVersion: message.params.protocolVersion,
        capabilities: { tools: {} },
        serverInfo: { name: 'echo-function', version: '1.0.0' },
      });
    case 'tools/list':
      return answer({ tools: [{ name: 'whoami', inputSchema: { type: 'object' } }] });
    case 'tools/call':
      return answer({ content: [{ type: 'text', text: JSON.stringify(headers) }] });
    default:
      return { jsonrpc: '2.0', id: message.id, error: { code: -32601, message: 'Method not found' } };
  }
};
