/**
 * Named stages with typed prerequisites. A stage declares what it needs from the context (`Need`) and
 * what it adds before calling the next stage (`Add`); the builder tracks what the context holds after each
 * stage, so a stage placed before the stage that provides what it needs fails to compile instead of
 * failing at run time. The composer can wrap every named stage (a span per stage, for instance).
 */

export interface Stage<Need, Add, Answer> {
  readonly name: string;
  /** Answers itself, or extends the context with `Add`, calls `next` and may change its answer. */
  run(context: Need, next: (context: Need & Add) => Promise<Answer>): Promise<Answer>;
}

/** A stage that adds nothing to the context. */
export type Check<Need, Answer> = Stage<Need, unknown, Answer>;

export type Terminal<Need, Answer> = (context: Need) => Promise<Answer>;

/**
 * Wraps one named stage's run, e.g. to time it; must call `run` to let the request through. `context` is
 * the request's context as the stage receives it.
 */
export type StageWrapper = <A>(name: string, context: unknown, run: () => Promise<A>) => Promise<A>;

/** Sets `Add`'s fields on the context (one object per request, extended as it flows) and retypes it. */
export function extend<C extends object, Add extends object>(context: C, add: Add): C & Add {
  return Object.assign(context, add);
}

type Missing<Have, Need> = Exclude<keyof Need, keyof Have>;

interface Step {
  name: string;
  run(context: unknown, next: (context: unknown) => Promise<unknown>): Promise<unknown>;
}

export class Pipeline<Initial, Have, Answer> {
  private constructor(private readonly steps: readonly Step[]) {}

  static start<Initial, Answer>(): Pipeline<Initial, Initial, Answer> {
    return new Pipeline([]);
  }

  /** Adds a stage; the rest argument exists only when the context lacks what the stage needs. */
  use<Need, Add>(
    stage: Stage<Need, Add, Answer>,
    ...unmet: Have extends Need ? [] : [`missing from the context: ${Missing<Have, Need> & string}`]
  ): Pipeline<Initial, Have & Add, Answer> {
    void unmet;
    return new Pipeline([...this.steps, stage as unknown as Step]);
  }

  /** Closes the pipeline with its terminal step; `wrap` surrounds each named stage. */
  end<Need>(
    terminal: Terminal<Need, Answer>,
    ...rest: Have extends Need
      ? [wrap?: StageWrapper]
      : [`missing from the context: ${Missing<Have, Need> & string}`]
  ): (context: Initial) => Promise<Answer> {
    const wrap = typeof rest[0] === 'function' ? rest[0] : undefined;
    let next = terminal as (context: unknown) => Promise<unknown>;
    for (let i = this.steps.length - 1; i >= 0; i--) {
      const step = this.steps[i]!;
      const after = next;
      next =
        wrap === undefined
          ? (context) => step.run(context, after)
          : (context) => wrap(step.name, context, () => step.run(context, after));
    }
    return next as (context: Initial) => Promise<Answer>;
  }

  /** The stage names in order (for logs and tests). */
  get names(): string[] {
    return this.steps.map((s) => s.name);
  }
}
