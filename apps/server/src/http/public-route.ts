// Marks routes that need no authentication (`/health`, `/metrics`); everything else does.

import { Reflector } from '@nestjs/core';

/**
 * A route (or controller) open without credentials.
 * @example
 * @Public() @Get('health') health() { … }
 */
export const Public = Reflector.createDecorator<boolean>({ transform: () => true });
