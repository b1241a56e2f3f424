// REST for the extension catalogue (`GET /extensions`) and the generated reference as HTML
// (`GET /docs`), both from the registry the server runs with.

import { Controller, Get, Header, Inject, Param, Query } from '@nestjs/common';
import { ApiError } from '../http/api-error.js';
import { EXTENSIONS } from '../http/tokens.js';
import type { ExtensionCatalogue } from './extension-catalogue.js';

/** `/extensions` and `/docs`. */
@Controller()
export class ExtensionsController {
  constructor(@Inject(EXTENSIONS) private readonly extensions: ExtensionCatalogue) {}

  @Get('extensions')
  list(@Query('kind') kind?: string, @Query('namespace') namespace?: string) {
    const catalogue = this.extensions.catalogue();
    const extensions = catalogue.extensions.filter(
      (e) =>
        (kind === undefined || e.kind === kind) &&
        (namespace === undefined || e.namespace.toLowerCase() === namespace.toLowerCase()),
    );
    return { ...catalogue, extensions };
  }

  @Get('extensions/:kind/:name')
  one(@Param('kind') kind: string, @Param('name') qualified: string) {
    const found = this.extensions
      .catalogue()
      .extensions.find((e) => e.kind === kind && e.qualifiedName === qualified);
    if (found === undefined) {
      throw new ApiError(
        'E_NOT_FOUND',
        `no ${kind} extension named '${qualified}'`,
        {},
        'GET /extensions lists them',
      );
    }
    return found;
  }

  @Get('docs')
  @Header('Content-Type', 'text/html; charset=utf-8')
  index(): string {
    return this.#page('index');
  }

  @Get('docs/:page')
  @Header('Content-Type', 'text/html; charset=utf-8')
  page(@Param('page') page: string): string {
    return this.#page(page.replace(/\.html$/, ''));
  }

  #page(slug: string): string {
    const html = this.extensions.page(slug);
    if (html === undefined) throw new ApiError('E_NOT_FOUND', `no reference page '${slug}'`);
    return html;
  }
}
