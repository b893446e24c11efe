import { describe, expect, it } from 'vitest';
import { resourceModel } from '../generated/resource-model.js';
import { findResource } from '../model/index.js';
import { validateObject } from './validate.js';

const attributesOf = (type: string) => findResource(resourceModel, type)!.attributes;
const details = (diagnostics: ReturnType<typeof validateObject>) =>
  diagnostics.map((d) => (d as { detail?: string }).detail);

describe('config validation', () => {
  it("checks each item of a list and each value of a map, before any API call (a replacement's create)", () => {
    const guardrail = validateObject(attributesOf('mcpgateway_guardrail'), {
      name: 'pii',
      detectors: ['email', 'emial'],
      labels: { team: 'x'.repeat(300) },
    });
    expect(details(guardrail)).toEqual([
      expect.stringMatching(/^detectors\[1\] must be one of "email", /),
      'labels["team"] must be at most 256 characters long.',
    ]);
    const server = validateObject(attributesOf('mcpgateway_server'), {
      name: 'up',
      fallbacks: ['Not A Name'],
      tool_timeouts_ms: { 'slow_*': 5 },
    });
    expect(details(server)).toEqual([
      'tool_timeouts_ms["slow_*"] must be at least 100.',
      expect.stringMatching(/^fallbacks\[0\] must match /),
    ]);
    expect(
      validateObject(attributesOf('mcpgateway_guardrail'), { name: 'pii', detectors: ['email', 'jwt'] }),
    ).toEqual([]);
  });

  it("checks each key of a map (the spec's propertyNames) at plan: a header name that is no HTTP token", () => {
    const server = validateObject(attributesOf('mcpgateway_server'), {
      name: 'up',
      url: 'https://mcp.example.com/mcp',
      headers: { 'bad header': 'x', 'X-Api-Key': 'y' },
      labels: { ['k'.repeat(300)]: 'v' },
    });
    expect(details(server)).toEqual([
      expect.stringMatching(/^headers key "bad header" must match \^\[/),
      expect.stringMatching(/^labels key "k{300}" must be at most 256 characters long\.$/),
    ]);
  });

  it('checks bounds that exclude their value and lists whose entries must differ, at plan', () => {
    const budget = validateObject(attributesOf('mcpgateway_budget'), {
      name: 'b',
      amount: 0,
      period: 'month',
    });
    expect(details(budget)).toContain('amount must be greater than 0.');
    const server = validateObject(attributesOf('mcpgateway_server'), {
      name: 'up',
      fallbacks: ['backup', 'backup'],
    });
    expect(details(server)).toEqual(['fallbacks must not repeat an entry.']);
    expect(validateObject(attributesOf('mcpgateway_server'), { name: 'up', fallbacks: ['a', 'b'] })).toEqual(
      [],
    );
  });
});
