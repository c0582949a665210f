import type { Db } from '@greencommerce/db';

/** A database or a transaction: what the repositories take. */
export type Executor = Pick<Db, 'selectFrom' | 'insertInto' | 'updateTable' | 'deleteFrom' | 'getExecutor'>;
