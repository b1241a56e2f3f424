// REST for apps, in the shape WSO2 SI users know: /siddhi-apps to deploy (POST), update (PUT),
// list, read, undeploy, and per app its status, statistics and snapshots (backup/restore).

import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Inject,
  Param,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import { ApiError, diagnosticsJson } from '../http/api-error.js';
import { jsonBody, textBody } from '../http/request-body.js';
import { DEPLOYMENTS } from '../http/tokens.js';
import { apiSchemas } from '../docs/api-schemas.js';
import type { StatisticsReport } from './app-statistics.js';
import type { AppSummary, DeployedApp, DeployOutcome, Deployments } from './deployments.js';

interface StatusResponse {
  status(code: number): unknown;
}

/** What a deployment answers. */
function deployedBody(outcome: DeployOutcome) {
  const { deployed } = outcome;
  return {
    name: deployed.name,
    status: 'active',
    created: outcome.created,
    ...(deployed.restoredRevision === undefined
      ? {}
      : { restoredRevision: deployed.restoredRevision }),
    warnings: diagnosticsJson(deployed.warnings),
  };
}

function statisticsBody(deployed: DeployedApp): { name: string } & StatisticsReport {
  return { name: deployed.name, ...deployed.statistics.report() };
}

/** `/siddhi-apps`: deploy, update, list, read, undeploy, status, statistics, snapshots. */
@Controller('siddhi-apps')
export class AppsController {
  constructor(@Inject(DEPLOYMENTS) private readonly deployments: Deployments) {}

  @Get()
  list(): AppSummary[] {
    return this.deployments.list();
  }

  @Post()
  async deploy(@Body() body: unknown) {
    return deployedBody(await this.deployments.deploy(textBody(body), { mode: 'create' }));
  }

  @Put()
  async upsert(@Body() body: unknown, @Res({ passthrough: true }) res: StatusResponse) {
    const outcome = await this.deployments.deploy(textBody(body), { mode: 'upsert' });
    res.status(outcome.created ? 201 : 200);
    return deployedBody(outcome);
  }

  @Get('statistics')
  allStatistics() {
    return this.deployments.apps.map(statisticsBody);
  }

  @Get(':name')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  text(@Param('name') name: string): string {
    return this.deployments.get(name).text;
  }

  @Put(':name')
  async update(
    @Param('name') name: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: StatusResponse,
  ) {
    const outcome = await this.deployments.deploy(textBody(body), {
      mode: 'upsert',
      expectedName: name,
    });
    res.status(outcome.created ? 201 : 200);
    return deployedBody(outcome);
  }

  @Delete(':name')
  async undeploy(@Param('name') name: string, @Query('purgeState') purgeState?: string) {
    await this.deployments.undeploy(name, { purgeState: purgeState === 'true' });
    return { name, status: 'undeployed' };
  }

  @Get(':name/status')
  status(@Param('name') name: string): AppSummary {
    return this.deployments.summary(name);
  }

  @Get(':name/statistics')
  statistics(@Param('name') name: string) {
    return statisticsBody(this.deployments.get(name));
  }

  @Put(':name/statistics')
  toggleStatistics(@Param('name') name: string, @Body() body: unknown) {
    const { statsEnable } = jsonBody(apiSchemas.statisticsToggle, body);
    const deployed = this.deployments.get(name);
    if (statsEnable) deployed.statistics.attach(deployed.app);
    else deployed.statistics.detach();
    return statisticsBody(deployed);
  }

  @Post(':name/backup')
  @HttpCode(200)
  async backup(@Param('name') name: string) {
    return { name, revision: await this.deployments.backup(name) };
  }

  @Post(':name/restore')
  @HttpCode(200)
  async restore(@Param('name') name: string, @Query('revision') revision?: string) {
    if (revision?.trim() === '') {
      throw new ApiError('E_VALIDATION', 'the revision query parameter is empty');
    }
    return { name, revision: await this.deployments.restore(name, revision) };
  }

  @Get(':name/revisions')
  async revisions(@Param('name') name: string) {
    this.deployments.get(name);
    return { name, revisions: await this.deployments.revisions(name) };
  }
}
