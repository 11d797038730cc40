// One IndexedDB transaction per user action, shared by the local store and the sync side.
import type { IDBPTransaction, StoreNames } from 'idb'
import type { BranchRecordsDB, LocalDB } from './db'
import { toLocalStoreError } from './errors'

export type AnyStore = StoreNames<BranchRecordsDB>
export type Tx<Mode extends IDBTransactionMode> = IDBPTransaction<BranchRecordsDB, AnyStore[], Mode>

/**
 * Runs `body` in one transaction and resolves after the transaction has committed. If `body` throws
 * (even synchronously, before any request failed) the transaction is aborted, so nothing of it stays.
 */
export async function inTx<Mode extends IDBTransactionMode, T>(
  db: LocalDB,
  stores: AnyStore[],
  mode: Mode,
  body: (tx: Tx<Mode>) => Promise<T>,
): Promise<T> {
  const tx = db.transaction(stores, mode) as Tx<Mode>
  // Observed below; this handler only stops an "unhandled rejection" when `body` fails first.
  tx.done.catch(() => undefined)
  try {
    const result = await body(tx)
    await tx.done
    return result
  } catch (e) {
    try {
      tx.abort()
    } catch {
      // already committed or aborted
    }
    throw toLocalStoreError(e, tx.error)
  }
}

/**
 * A read-only transaction: its answer is final as soon as `body` has its results, so unlike `inTx`
 * it does not wait for the commit (there is nothing to make durable), which saves a round trip.
 */
export async function readTx<T>(db: LocalDB, stores: AnyStore[], body: (tx: Tx<'readonly'>) => Promise<T>): Promise<T> {
  const tx = db.transaction(stores, 'readonly') as Tx<'readonly'>
  tx.done.catch(() => undefined)
  try {
    return await body(tx)
  } catch (e) {
    try {
      tx.abort()
    } catch {
      // already finished
    }
    throw toLocalStoreError(e, tx.error)
  }
}
