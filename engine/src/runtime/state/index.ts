// App state: the holder registry, snapshots (full and incremental, fingerprinted), the
// persistence stores and the persistence of one app.

export {
  combineState,
  StateRegistry,
  type Snapshottable,
  type StateHolder,
} from './state-registry.js';
export { fingerprintApp, fingerprintDifferences, type AppFingerprint } from './app-fingerprint.js';
export {
  AppSnapshots,
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  SnapshotBaseline,
  type AppSnapshot,
  type SnapshotOptions,
} from './app-snapshot.js';
export {
  InMemoryPersistenceStore,
  parseRevision,
  revisionName,
  revisionsToPrune,
  revisionsToRestore,
  type PersistenceStore,
  type RevisionInfo,
  type StoreOptions,
} from './persistence-store.js';
export { FilePersistenceStore } from './file-persistence-store.js';
export {
  AppPersistence,
  noPersistenceStore,
  snapshotFromBytes,
  snapshotToBytes,
  type PersistenceOptions,
} from './app-persistence.js';
export { decodeValue, encodeValue } from './snapshot-codec.js';
