// Serves the OpenAPI description of the API.

import { Controller, Get } from '@nestjs/common';
import { openApiDocument } from './openapi.js';

/** `/openapi.json`. */
@Controller()
export class OpenApiController {
  readonly #document = openApiDocument();

  @Get('openapi.json')
  document() {
    return this.#document;
  }
}
