// App state: the holder registry, snapshots (full and incremental, fingerprinted; JSON or
// binary), the persistence stores and the persistence of one app.

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
  DecodedSnapshot,
  type AppSnapshot,
  type SnapshotHeader,
  type SnapshotOptions,
  type SnapshotSink,
} from './app-snapshot.js';
export {
  BINARY_SNAPSHOT_MAGIC,
  BinarySnapshotSink,
  isBinarySnapshot,
  readSnapshot,
  readSnapshotBytes,
} from './binary-snapshot.js';
export {
  BinaryDecoder,
  BinaryEncoder,
  bytesSource,
  ChunkReader,
  ChunkWriter,
  type ByteSource,
} from './binary-codec.js';
export {
  InMemoryPersistenceStore,
  parseRevision,
  revisionName,
  revisionsToPrune,
  revisionsToRestore,
  type PersistenceStore,
  type RevisionInfo,
  type RevisionReader,
  type RevisionWriter,
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
