// Triggers: the runtime of `define trigger` and Quartz-style cron evaluation.

export {
  TriggerRuntime,
  type TriggerListener,
  type TriggerRuntimeOptions,
} from './trigger-runtime.js';
export { checkCron, parseCron, type CronOptions, type CronSchedule } from './cron-schedule.js';
