import { describe, expect, it } from 'vitest';
import { loopbackInvokeSettings } from './invoker.js';

describe('loopbackInvokeSettings', () => {
  it('gives an Invoke endpoint on this machine dummy credentials; leaves any other to the SDK', () => {
    const local = { accessKeyId: 'local', secretAccessKey: 'local' };
    expect(loopbackInvokeSettings({ AWS_ENDPOINT_URL_LAMBDA: 'http://127.0.0.1:9001' })).toEqual({
      region: 'us-east-1',
      credentials: local,
    });
    expect(
      loopbackInvokeSettings({ AWS_ENDPOINT_URL_LAMBDA: 'http://[::1]:9001', AWS_REGION: 'eu-west-1' }),
    ).toEqual({ region: 'eu-west-1', credentials: local });
    // AWS itself, an emulator elsewhere, nothing set, nonsense: the user's own settings
    for (const endpoint of [
      'https://lambda.eu-west-1.amazonaws.com',
      'http://10.0.0.5:4566',
      undefined,
      'not a url',
    ])
      expect(loopbackInvokeSettings({ AWS_ENDPOINT_URL_LAMBDA: endpoint }), String(endpoint)).toEqual({});
  });
});
