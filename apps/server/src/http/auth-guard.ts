// The global guard: every route needs valid credentials (Basic or Bearer) unless marked
// @Public(); a refusal is a 401 with a WWW-Authenticate challenge.

import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Authenticator } from '../auth/authenticator.js';
import { ApiError } from './api-error.js';
import { Public } from './public-route.js';
import { AUTHENTICATOR } from './tokens.js';

interface AuthRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  principal?: unknown;
}

interface ChallengeResponse {
  setHeader(name: string, value: string): void;
}

/** Refuses requests without valid credentials. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(AUTHENTICATOR) private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const open = this.reflector.getAllAndOverride(Public, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (open || !this.authenticator.enabled) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<AuthRequest>();
    const header = request.headers.authorization;
    const principal = await this.authenticator.authenticate(
      Array.isArray(header) ? header[0] : header,
    );
    if (principal === undefined) {
      http
        .getResponse<ChallengeResponse>()
        .setHeader('WWW-Authenticate', 'Basic realm="tributary"');
      throw ApiError.of('E_UNAUTHORIZED');
    }
    request.principal = principal;
    return true;
  }
}
