// The NestJS module of the server: controllers over the objects `startServer` composed (passed
// in as values), the global auth guard and error filter, and the graceful drain on shutdown.

import {
  Inject,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AppsController } from './apps/apps-controller.js';
import { StoresController } from './apps/stores-controller.js';
import { OpenApiController } from './docs/openapi-controller.js';
import { ErrorHandlerController } from './errors/error-handler-controller.js';
import { ExtensionsController } from './extensions/extensions-controller.js';
import { AuthGuard } from './http/auth-guard.js';
import { ErrorFilter } from './http/error-filter.js';
import {
  AUTHENTICATOR,
  CONFIG,
  DEPLOYMENTS,
  LIFECYCLE,
  ERROR_STORE,
  EXTENSIONS,
  FEEDS,
  HEALTH,
  LOGGER,
  METRICS,
  SIMULATION_FILES,
} from './http/tokens.js';
import { HealthController } from './metrics/health-controller.js';
import { SimulationController } from './simulation/simulation-controller.js';

/** What the module's lifecycle hooks run: drain before the HTTP server closes, then release. */
export interface ServerLifecycle {
  /** Stops watching and feeding, persists and stops every app. */
  drain(): Promise<void>;
  /** Releases what outlives the apps (the error store). */
  release(): Promise<void>;
}

/** The objects the controllers use, by token. */
export interface ServerContext {
  readonly [CONFIG]: unknown;
  readonly [LOGGER]: unknown;
  readonly [AUTHENTICATOR]: unknown;
  readonly [DEPLOYMENTS]: unknown;
  readonly [METRICS]: unknown;
  readonly [FEEDS]: unknown;
  readonly [SIMULATION_FILES]: unknown;
  readonly [ERROR_STORE]: unknown;
  readonly [EXTENSIONS]: unknown;
  readonly [HEALTH]: unknown;
  readonly [LIFECYCLE]: ServerLifecycle;
}

/** The server's root module; its hooks run the graceful shutdown. */
@Module({})
export class ServerModule implements BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(@Inject(LIFECYCLE) private readonly lifecycle: ServerLifecycle) {}

  async beforeApplicationShutdown(): Promise<void> {
    await this.lifecycle.drain();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.lifecycle.release();
  }
}

/**
 * The module for one server, its providers being the composed objects.
 * @example
 * const app = await NestFactory.create(serverModule(context));
 */
export function serverModule(context: ServerContext): DynamicModule {
  const values = Object.getOwnPropertySymbols(context).map((token) => ({
    provide: token,
    useValue: context[token as keyof ServerContext],
  }));
  return {
    module: ServerModule,
    controllers: [
      HealthController,
      AppsController,
      StoresController,
      SimulationController,
      ErrorHandlerController,
      ExtensionsController,
      OpenApiController,
    ],
    providers: [
      ...values,
      { provide: APP_GUARD, useClass: AuthGuard },
      { provide: APP_FILTER, useClass: ErrorFilter },
    ],
  };
}
