import { DependencyUnavailableError } from '@greencommerce/contracts';

/**
 * The upload folder failed (disk full, read-only, out of file descriptors): the request is not at
 * fault, so the answer is 503 naming the folder, not a 400 blaming the upload. The system error is
 * its cause, for the log.
 */
export class TempStorageUnavailableError extends DependencyUnavailableError {
  constructor(cause: unknown) {
    super('temporary storage', { cause });
  }
}

const isSystemError = (err: unknown) =>
  err instanceof Error && typeof (err as { syscall?: unknown }).syscall === 'string';

/** A system error typed as the upload folder failing; any other error as it was. */
export const tempStorageError = (err: unknown) => (isSystemError(err) ? new TempStorageUnavailableError(err) : err);

/** Runs file work on the upload folder with its system errors typed (see TempStorageUnavailableError). */
export function onTempStorage<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    throw tempStorageError(err);
  }
}
