// REST for simulations (SI's /simulation): send one event, manage and control feed
// simulations, and the files CSV feeds read.

import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import type { Deployments } from '../apps/deployments.js';
import { apiSchemas } from '../docs/api-schemas.js';
import { ApiError } from '../http/api-error.js';
import { jsonBody } from '../http/request-body.js';
import { DEPLOYMENTS, FEEDS, SIMULATION_FILES } from '../http/tokens.js';
import type { FeedAction, FeedSimulations, FeedStatus } from './feed-simulations.js';
import type { SimulationFiles } from './simulation-files.js';

const ACTIONS: readonly FeedAction[] = ['run', 'pause', 'resume', 'stop'];

interface StatusResponse {
  status(code: number): unknown;
}

/** `/simulation`: single events, feed simulations and their files. */
@Controller('simulation')
export class SimulationController {
  constructor(
    @Inject(DEPLOYMENTS) private readonly deployments: Deployments,
    @Inject(FEEDS) private readonly feeds: FeedSimulations,
    @Inject(SIMULATION_FILES) private readonly files: SimulationFiles,
  ) {}

  @Post('single')
  @HttpCode(200)
  async single(@Body() body: unknown) {
    const event = jsonBody(apiSchemas.singleEvent, body);
    const sent = await this.deployments.send(event.siddhiAppName, event.streamName, [
      event.timestamp === undefined
        ? { data: event.data }
        : { data: event.data, timestamp: event.timestamp },
    ]);
    return { status: 'OK', sent };
  }

  @Get('feed')
  listFeeds(): FeedStatus[] {
    return this.feeds.list();
  }

  @Post('feed')
  createFeed(@Body() body: unknown): FeedStatus {
    return this.feeds.create(jsonBody(apiSchemas.feed, body));
  }

  @Get('feed/:name')
  feed(@Param('name') name: string) {
    return { config: this.feeds.config(name), status: this.feeds.status(name) };
  }

  @Put('feed/:name')
  updateFeed(@Param('name') name: string, @Body() body: unknown): FeedStatus {
    return this.feeds.update(name, jsonBody(apiSchemas.feed, body));
  }

  @Delete('feed/:name')
  removeFeed(@Param('name') name: string) {
    this.feeds.remove(name);
    return { name, status: 'removed' };
  }

  @Post('feed/:name')
  @HttpCode(200)
  async controlFeed(@Param('name') name: string, @Query('action') action?: string) {
    const chosen = ACTIONS.find((a) => a === action);
    if (chosen === undefined) {
      throw new ApiError(
        'E_VALIDATION',
        `the action query parameter must be one of ${ACTIONS.join(', ')}`,
      );
    }
    return await this.feeds.control(name, chosen);
  }

  @Get('feed/:name/status')
  feedStatus(@Param('name') name: string): FeedStatus {
    return this.feeds.status(name);
  }

  @Get('files')
  async listFiles() {
    return await this.files.list();
  }

  @Put('files/:fileName')
  async writeFile(
    @Param('fileName') fileName: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: StatusResponse,
  ) {
    if (typeof body !== 'string')
      throw ApiError.of('E_UNSUPPORTED_MEDIA_TYPE', 'text/csv or text/plain');
    const created = await this.files.write(fileName, body);
    res.status(created ? 201 : 200);
    return { fileName, size: Buffer.byteLength(body), created };
  }

  @Delete('files/:fileName')
  async removeFile(@Param('fileName') fileName: string) {
    await this.files.remove(fileName);
    return { fileName, status: 'removed' };
  }
}
