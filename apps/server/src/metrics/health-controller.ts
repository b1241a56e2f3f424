// The two routes open without credentials: `GET /health` (for load balancers and k8s probes)
// and `GET /metrics` (Prometheus text).

import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Deployments } from '../apps/deployments.js';
import { Public } from '../http/public-route.js';
import { DEPLOYMENTS, HEALTH, METRICS } from '../http/tokens.js';
import type { ServerMetrics } from './server-metrics.js';

interface PlainResponse {
  status(code: number): PlainResponse;
  setHeader(name: string, value: string): void;
}

/** What `/health` says about the server itself. */
export interface ServerInfo {
  readonly startedAt: number;
  readonly version: string;
}

/** `/health` and `/metrics`. */
@Controller()
@Public()
export class HealthController {
  constructor(
    @Inject(DEPLOYMENTS) private readonly deployments: Deployments,
    @Inject(METRICS) private readonly metrics: ServerMetrics,
    @Inject(HEALTH) private readonly info: ServerInfo,
  ) {}

  /** UP with app counts; 503 while shutting down. */
  @Get('health')
  health(@Res({ passthrough: true }) res: PlainResponse) {
    const apps = this.deployments.list();
    const closing = this.deployments.closing;
    if (closing) res.status(503);
    return {
      status: closing ? 'SHUTTING_DOWN' : 'UP',
      version: this.info.version,
      uptimeSeconds: Math.round((Date.now() - this.info.startedAt) / 1000),
      apps: {
        active: apps.filter((a) => a.status === 'active').length,
        failed: apps.filter((a) => a.status === 'failed').length,
      },
    };
  }

  @Get('metrics')
  async scrape(@Res({ passthrough: true }) res: PlainResponse): Promise<string> {
    res.setHeader('Content-Type', this.metrics.contentType);
    return await this.metrics.text();
  }
}
