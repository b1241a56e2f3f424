// REST for the error store (SI's /error-handler): list, count, read, replay and discard the
// erroneous events and payloads that sources, sinks and streams stored.

import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import type { ErrorEntry, ErrorStore } from '@tributary/engine';
import type { Deployments } from '../apps/deployments.js';
import { apiSchemas } from '../docs/api-schemas.js';
import { ApiError } from '../http/api-error.js';
import { jsonBody } from '../http/request-body.js';
import { DEPLOYMENTS, ERROR_STORE } from '../http/tokens.js';

function requireApp(siddhiApp: string | undefined): string {
  if (siddhiApp === undefined || siddhiApp === '') {
    throw new ApiError('E_VALIDATION', 'the siddhiApp query parameter is required');
  }
  return siddhiApp;
}

function integer(
  text: string | undefined,
  name: string,
  fallback: number | undefined,
): number | undefined {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new ApiError('E_VALIDATION', `the ${name} query parameter must be a whole number`);
  }
  return n;
}

function entryId(text: string): number {
  const id = Number(text);
  if (!Number.isSafeInteger(id) || id < 1) throw ApiError.of('E_ERROR_ENTRY_NOT_FOUND', text);
  return id;
}

/** `/error-handler`: the stored errors. */
@Controller('error-handler')
export class ErrorHandlerController {
  constructor(
    @Inject(ERROR_STORE) private readonly store: ErrorStore,
    @Inject(DEPLOYMENTS) private readonly deployments: Deployments,
  ) {}

  @Get('error-entries')
  async list(
    @Query('siddhiApp') siddhiApp?: string,
    @Query('limit') limit?: string,
    @Query('offset') offset?: string,
  ) {
    const app = requireApp(siddhiApp);
    const options = {
      limit: integer(limit, 'limit', 100) ?? 100,
      offset: integer(offset, 'offset', 0) ?? 0,
    };
    const [entries, total] = await Promise.all([
      this.store.list(app, options),
      this.store.count(app),
    ]);
    return { siddhiApp: app, total, ...options, entries };
  }

  @Get('error-entries/count')
  async count(@Query('siddhiApp') siddhiApp?: string) {
    const app = siddhiApp === '' ? undefined : siddhiApp;
    return { ...(app === undefined ? {} : { siddhiApp: app }), count: await this.store.count(app) };
  }

  @Get('error-entries/:id')
  async entry(@Param('id') id: string): Promise<ErrorEntry> {
    const entry = await this.store.get(entryId(id));
    if (entry === undefined) throw ApiError.of('E_ERROR_ENTRY_NOT_FOUND', id);
    return entry;
  }

  @Delete('error-entries/:id')
  async discard(@Param('id') id: string) {
    if (!(await this.store.discard(entryId(id)))) throw ApiError.of('E_ERROR_ENTRY_NOT_FOUND', id);
    return { id: Number(id), status: 'discarded' };
  }

  @Delete('error-entries')
  async discardAll(@Query('siddhiApp') siddhiApp?: string) {
    const app = requireApp(siddhiApp);
    return { siddhiApp: app, discarded: await this.store.discardAll(app) };
  }

  /** Replays one entry through its (running) app; the entry is removed once it went through. */
  async #replay(id: number): Promise<void> {
    const entry = await this.store.get(id);
    if (entry === undefined) throw ApiError.of('E_ERROR_ENTRY_NOT_FOUND', String(id));
    const errors = this.deployments.get(entry.appName).app.errors;
    if (errors === undefined) {
      throw new ApiError('E_NO_ERROR_STORE', `app '${entry.appName}' has no error store`);
    }
    await errors.replay(id);
  }

  @Post('error-entries/:id/replay')
  @HttpCode(200)
  async replayOne(@Param('id') id: string) {
    await this.#replay(entryId(id));
    return { id: Number(id), status: 'replayed' };
  }

  /** Replays the listed entries (`{ids}`), or every entry of `?siddhiApp=`. */
  @Post('replay')
  @HttpCode(200)
  async replay(@Body() body: unknown, @Query('siddhiApp') siddhiApp?: string) {
    let ids: readonly number[];
    if (siddhiApp !== undefined && siddhiApp !== '') {
      ids = (await this.store.list(siddhiApp)).map((e) => e.id);
    } else {
      ids = jsonBody(apiSchemas.replay, body).ids;
    }
    let replayed = 0;
    const failed: { id: number; code: string; reason: string }[] = [];
    for (const id of ids) {
      try {
        await this.#replay(id);
        replayed += 1;
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        failed.push({
          id,
          code: typeof code === 'string' ? code : 'E_INTERNAL',
          reason: error instanceof Error ? error.message : String(error),
        });
      }
    }
    return { replayed, failed };
  }
}
