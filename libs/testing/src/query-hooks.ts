import type { Db } from '@greencommerce/db';
import { type KyselyPlugin, type OperationNode, SelectQueryNode, TableNode } from 'kysely';

/** Matches a SELECT whose first FROM is `table`. */
export const selectsFrom =
  (table: string) =>
  (node: OperationNode): boolean => {
    if (!SelectQueryNode.is(node)) return false;
    const from = node.from?.froms[0];
    return from !== undefined && TableNode.is(from) && from.table.identifier.name === table;
  };

/**
 * The database with `hook` awaited right after each query that `match`es, inside transactions too
 * (it is a Kysely plugin, and a transaction takes its database's plugins along): how a test makes
 * something happen between two statements of one transaction, such as another request racing it.
 */
export function afterQuery(db: Db, match: (node: OperationNode) => boolean, hook: () => Promise<void>): Db {
  // transformResult sees only the query's id: the matching ones are remembered by it.
  const matched = new WeakSet<object>();
  const plugin: KyselyPlugin = {
    transformQuery: (a) => {
      if (match(a.node)) matched.add(a.queryId);
      return a.node;
    },
    async transformResult(a) {
      if (matched.has(a.queryId)) await hook();
      return a.result;
    },
  };
  return db.withPlugin(plugin) as Db;
}
