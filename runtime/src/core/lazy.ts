/**
 * Code a deployment may never run is loaded when first needed (in the Lambda bundle, from a chunk of its
 * own), which keeps what a cold start loads small.
 */

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
