// Time for the runtime: clock and scheduler interfaces, the system, virtual and playback
// time services, and Siddhi time-string parsing.

export type {
  CancelTimer,
  Clock,
  Scheduler,
  TimeService,
  TimerErrorHandler,
  TimerTask,
} from './time-service.js';
export { NO_TIMER } from './time-service.js';
export { SystemTimeService, type SystemTimeServiceOptions } from './system-time-service.js';
export { VirtualClock, type VirtualClockOptions } from './virtual-clock.js';
export {
  PlaybackTimeService,
  readPlaybackConfig,
  type PlaybackConfig,
  type PlaybackTimeServiceOptions,
} from './playback-time-service.js';
export { parseTimeString, requireTimeString } from './time-string.js';
