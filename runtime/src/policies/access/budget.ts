/**
 * The evaluation budget of access conditions, apart from the condition language (loaded only when a
 * policy has a condition): every access decision runs within one, conditions or not.
 *
 * What evaluating conditions may cost. A condition's text is bounded (2000 nodes), but what it iterates
 * is the caller's: comprehensions nested over a list of the arguments take time of its length to the
 * power of their depth (a few hundred items held the process for seconds). Each syntax node evaluated is
 * a step, and a `matches` a step per 64 characters it reads. One decision (every condition it evaluates,
 * under each reading of the request: see {@link withinOneBudget}) may take {@link MAX_STEPS} steps and
 * {@link MAX_EVALUATION_MS}; past that, what is evaluated is an error, which fails safe as any condition
 * that cannot be evaluated does.
 */
export const MAX_STEPS = 500_000;
/** Far beyond what the steps take (tens of milliseconds): for steps that each cost much (a long text). */
export const MAX_EVALUATION_MS = 250;

/**
 * The current budget's steps and deadline. Evaluations are synchronous: one at a time. `shared`: a
 * decision is under way, and its evaluations draw on one budget.
 */
export const budget = { steps: 0, deadline: 0, spent: false, shared: false };

export function renewBudget(): void {
  budget.steps = 0;
  budget.spent = false;
  budget.deadline = performance.now() + MAX_EVALUATION_MS;
}

/**
 * Runs `decide` (synchronous) on one budget for every condition it evaluates: a request whose list has
 * many entries, or that conditions read several ways, costs one budget, not one per evaluation.
 */
export function withinOneBudget<T>(decide: () => T): T {
  if (budget.shared) return decide();
  renewBudget();
  budget.shared = true;
  try {
    return decide();
  } finally {
    budget.shared = false;
  }
}

/** The steps the current (or last) budget has taken. */
export const stepsTaken = () => budget.steps;

/** Charges the current budget `steps` more (what a step costs beyond one node), before they are taken. */
export function charge(steps: number): void {
  budget.steps += steps;
  if (budget.steps > MAX_STEPS) {
    budget.spent = true;
    throw SPENT;
  }
}

/**
 * Thrown by every step once the budget is spent. One object, made once: CEL's `all` and `exists` take a
 * failing step for an error to report only if no other element decides, so they go on through their
 * list, and each further step must fail at no cost.
 */
export const SPENT = Object.freeze(new Error('The condition took more than its evaluation budget.'));
