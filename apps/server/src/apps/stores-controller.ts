// REST for on-demand (store) queries, as in SI: POST /stores/query {appName, query} answers
// {records: [[…], …]} (with the attribute names and types), or the query's diagnostics.

import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { apiSchemas } from '../docs/api-schemas.js';
import { jsonBody } from '../http/request-body.js';
import { DEPLOYMENTS } from '../http/tokens.js';
import type { Deployments } from './deployments.js';

/** `/stores/query`. */
@Controller('stores')
export class StoresController {
  constructor(@Inject(DEPLOYMENTS) private readonly deployments: Deployments) {}

  @Post('query')
  @HttpCode(200)
  query(@Body() body: unknown) {
    const { appName, query } = jsonBody(apiSchemas.storeQuery, body);
    const result = this.deployments.query(appName, query);
    return { records: result.rows, attributes: result.attributes };
  }
}
