export function providerDocs(spec: unknown, root?: string): Promise<{ path: string; content: string }[]>;
