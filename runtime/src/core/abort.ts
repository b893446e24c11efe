/** Waiting on work that may ignore its abort signal, without waiting past the signal. */

export const aborted = Symbol('aborted');

/** `promise`, or `aborted` as soon as `signal` aborts (the promise is then left to settle unobserved). */
export function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | typeof aborted> {
  if (signal.aborted) {
    promise.catch(() => undefined); // settles unobserved: a rejection must not end the process
    return Promise.resolve(aborted);
  }
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(aborted);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

export interface AbortableWaits {
  /** `promise`, or `aborted` as soon as the signal aborts (the promise is then left to settle unobserved). */
  wait<T>(promise: Promise<T>): Promise<T | typeof aborted>;
  /** Removes the one abort listener; call it when done waiting. */
  close(): void;
}

/**
 * `unlessAborted` for one promise after another (the items of a stream): one abort listener for all of
 * them instead of one added and removed per item. One wait at a time: an abort wakes the latest.
 */
export function abortableWaits(signal: AbortSignal): AbortableWaits {
  let wake: ((value: typeof aborted) => void) | undefined;
  const onAbort = () => wake?.(aborted);
  signal.addEventListener('abort', onAbort, { once: true });
  return {
    wait<T>(promise: Promise<T>): Promise<T | typeof aborted> {
      if (signal.aborted) {
        promise.catch(() => undefined); // settles unobserved: a rejection must not end the process
        return Promise.resolve(aborted);
      }
      return new Promise<T | typeof aborted>((resolve, reject) => {
        wake = resolve;
        promise.then(resolve, reject);
      });
    },
    close() {
      wake = undefined;
      signal.removeEventListener('abort', onAbort);
    },
  };
}

/**
 * A controller that aborts when `signal` does, or when aborted itself: one listener, where
 * `AbortSignal.any` costs tens of microseconds a call.
 */
export function following(signal: AbortSignal | undefined): AbortController {
  const controller = new AbortController();
  if (signal === undefined) return controller;
  if (signal.aborted) controller.abort(signal.reason);
  else signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
  return controller;
}
