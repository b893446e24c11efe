import { describe, expect, it } from 'vitest';
import { toolPolicy } from './rules.js';

describe('toolPolicy', () => {
  it('is inactive without rules and offers every tool', () => {
    const policy = toolPolicy(undefined, false);
    expect(policy.active).toBe(false);
    expect(policy.offers('anything', undefined)).toBe(true);
  });

  it('lets deny win over allow, and with no allow list allows what is not denied', () => {
    const both = toolPolicy({ allow: ['get-*'], deny: ['get-secret*'] }, false);
    expect(both.allowsName('get-sum')).toBe(true);
    expect(both.allowsName('get-secret-key')).toBe(false);
    expect(both.allowsName('echo')).toBe(false);
    const denyOnly = toolPolicy({ deny: ['delete-*'] }, false);
    expect(denyOnly.allowsName('echo')).toBe(true);
    expect(denyOnly.allowsName('delete-repo')).toBe(false);
    expect(toolPolicy({ allow: [] }, false).allowsName('echo')).toBe(false);
  });

  it('offers read-only tools only by trusted annotations', () => {
    const trusted = toolPolicy({ readOnly: true }, true);
    expect(trusted.needsAnnotations).toBe(true);
    expect(trusted.offers('read', { readOnlyHint: true })).toBe(true);
    expect(trusted.offers('write', { readOnlyHint: false })).toBe(false);
    expect(trusted.offers('unknown', undefined)).toBe(false);
    // refused at configuration time; should it be stored anyway, nothing is offered
    expect(toolPolicy({ readOnly: true }, false).offers('read', { readOnlyHint: true })).toBe(false);
  });
});
