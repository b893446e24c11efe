import { describe, expect, it } from 'vitest';
import { type Check, extend, Pipeline, type Stage } from './pipeline.js';

interface Start {
  path: string;
}

const identify: Stage<Start, { user: string }, string> = {
  name: 'identify',
  run: (context, next) => next(extend(context, { user: `user-of-${context.path}` })),
};
const needsUser: Check<{ user: string }, string> = {
  name: 'needs-user',
  run: (context, next) => (context.user === 'blocked' ? Promise.resolve('refused') : next(context)),
};
const shout: Stage<Start, unknown, string> = {
  name: 'shout',
  run: async (context, next) => (await next(context)).toUpperCase(),
};

describe('Pipeline', () => {
  it('runs stages in order, each seeing what earlier ones added, and lets them change the answer', async () => {
    const run = Pipeline.start<Start, string>()
      .use(shout)
      .use(identify)
      .use(needsUser)
      .end(async (context: Start & { user: string }) => `hello ${context.user}`);
    expect(await run({ path: 'a' })).toBe('HELLO USER-OF-A');
  });

  it('wraps every named stage', async () => {
    const seen: string[] = [];
    const run = Pipeline.start<Start, string>()
      .use(identify)
      .use(needsUser)
      .end(
        async () => 'done',
        async (name, context, stage) => {
          // each wrapper sees the context as its stage receives it
          seen.push(`>${name}:${(context as { user?: string }).user ?? '-'}`);
          const answer = await stage();
          seen.push(`<${name}`);
          return answer;
        },
      );
    expect(await run({ path: 'a' })).toBe('done');
    expect(seen).toEqual(['>identify:-', '>needs-user:user-of-a', '<needs-user', '<identify']);
  });

  it('refuses at compile time a stage placed before the stage that provides what it needs', () => {
    const builder = Pipeline.start<Start, string>();
    // @ts-expect-error needs-user needs `user`, which only identify adds
    builder.use(needsUser);
    // @ts-expect-error the terminal needs `user` too
    builder.end(async (context: Start & { user: string }) => context.user);
    expect(builder.use(identify).use(needsUser).names).toEqual(['identify', 'needs-user']);
  });
});
