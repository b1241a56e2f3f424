// Injection tokens of the server's shared objects (no decorator metadata is emitted, so every
// constructor parameter names its token with @Inject).

export const CONFIG = Symbol('tributary:config');
export const LOGGER = Symbol('tributary:logger');
export const AUTHENTICATOR = Symbol('tributary:authenticator');
export const DEPLOYMENTS = Symbol('tributary:deployments');
export const METRICS = Symbol('tributary:metrics');
export const FEEDS = Symbol('tributary:feeds');
export const SIMULATION_FILES = Symbol('tributary:simulation-files');
export const ERROR_STORE = Symbol('tributary:error-store');
export const EXTENSIONS = Symbol('tributary:extensions');
export const LIFECYCLE = Symbol('tributary:lifecycle');
export const HEALTH = Symbol('tributary:health');
