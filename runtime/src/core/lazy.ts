/**
 * Code a deployment may never run is loaded when first needed (in the Lambda bundle, from a chunk of its
 * own), which keeps what a cold start loads small.
 */

import type { Stage } from './pipeline.js';

/** The value `make` resolves to, made on the first call and shared by every later one; a failure is retried. */
export function onFirstUse<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    made ??= make().catch((error: unknown) => {
      made = undefined;
      throw error;
    });
    return made;
  };
}

/**
 * A stage loaded the first time a request `needs` it (its module in a chunk of its own); until then, and
 * for every request that does not need it, requests pass it by.
 */
export function loadedWhenNeeded<Need, Answer>(
  name: string,
  needs: (context: Need) => boolean,
  load: () => Promise<Stage<Need, unknown, Answer>>,
): Stage<Need, unknown, Answer> {
  const stage = onFirstUse(load);
  return {
    name,
    async run(context, next) {
      if (!needs(context)) return next(context);
      return (await stage()).run(context, next);
    },
  };
}
