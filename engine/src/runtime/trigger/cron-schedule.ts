// Quartz-style cron expressions as Siddhi uses them (`sec min hour dom month dow [year]`, `?`,
// `L`, `W`, `#`, names, Sunday = 1), evaluated by croner against any clock's time.

import { Cron } from 'croner';

/** Computes the firing times of one cron expression. */
export interface CronSchedule {
  readonly expression: string;
  /** The first firing time strictly after `after` (ms), or undefined when there is none. */
  nextAfter(after: number): number | undefined;
}

export interface CronOptions {
  /** IANA time zone the expression is read in; default: the process's local zone (as Quartz). */
  readonly timezone?: string;
}

/** Parses a Quartz-style cron expression; throws an Error describing what is wrong. */
export function parseCron(expression: string, options: CronOptions = {}): CronSchedule {
  let cron: Cron;
  try {
    cron = new Cron(expression.trim(), {
      mode: '6-or-7-parts',
      alternativeWeekdays: true,
      domAndDow: true,
      sloppyRanges: true,
      ...(options.timezone === undefined ? {} : { timezone: options.timezone }),
    });
  } catch (error) {
    const reason =
      error instanceof Error ? error.message.replace(/^CronPattern: /, '') : String(error);
    throw new Error(`invalid cron expression '${expression}': ${reason}`, { cause: error });
  }
  return {
    expression,
    nextAfter(after: number): number | undefined {
      return cron.nextRun(new Date(after))?.getTime();
    },
  };
}

/** The reason a cron expression is invalid, or undefined when it is valid. */
export function checkCron(expression: string): string | undefined {
  try {
    parseCron(expression);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
