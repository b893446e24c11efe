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
