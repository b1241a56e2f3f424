// A Micro Integrator test peer: gRPC inbound endpoint, REST APIs and proxy services, and the
// management API, running small Synapse sequences.

export { startMiPeer, type MiPeer, type MiPeerOptions, type ReceivedMessage } from './mi-peer.js';
export {
  MIME_TYPES,
  runSequence,
  type Mediator,
  type MessageType,
  type MiMessage,
  type MediationResult,
} from './mediation.js';
export {
  loadSynapseFile,
  parseSynapseXml,
  type ApiArtifact,
  type InboundEndpointArtifact,
  type ProxyArtifact,
  type SequenceArtifact,
  type SynapseArtifact,
} from './synapse-xml.js';
