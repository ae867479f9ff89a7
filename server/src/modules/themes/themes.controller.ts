import { Body, Controller, Get, Header, HttpCode, Param, ParseIntPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import themeDefinitionSchema from '../../../../schemas/theme-definition.schema.json';
import { CurrentUser } from '../auth/current-user.decorator';
import type { User } from '../users/user.entity';
import { ThemesService } from './themes.service';

const DEFINITION_BODY = { description: 'Definisi tematik (lihat schemas/theme-definition.schema.json)', schema: { type: 'object' } };

@ApiTags('themes')
@ApiBearerAuth()
@Controller('themes')
export class ThemesController {
  constructor(private readonly themes: ThemesService) {}

  @Get()
  async list() {
    return { items: await this.themes.listPublished(), nextCursor: null };
  }

  /** The meta-schema a definition must satisfy, for the designer and for OPD developers. */
  @Get('definition-schema')
  definitionSchema() {
    return themeDefinitionSchema;
  }

  @Post()
  @ApiBody(DEFINITION_BODY)
  create(@Body() definition: unknown, @CurrentUser() actor: User) {
    return this.themes.create(actor, definition);
  }

  @Put(':slug/draft')
  @ApiBody(DEFINITION_BODY)
  updateDraft(@Param('slug') slug: string, @Body() definition: unknown, @CurrentUser() actor: User) {
    return this.themes.updateDraft(actor, slug, definition);
  }

  @Post(':slug/publish')
  @HttpCode(201)
  publish(@Param('slug') slug: string, @CurrentUser() actor: User) {
    return this.themes.publish(actor, slug);
  }

  @Get(':slug')
  get(@Param('slug') slug: string, @CurrentUser() viewer: User) {
    return this.themes.get(slug, viewer);
  }

  @Get(':slug/versions/:version')
  async version(@Param('slug') slug: string, @Param('version', ParseIntPipe) version: number) {
    const { definition } = await this.themes.getVersion(slug, version);
    return { ...definition, version };
  }

  /**
   * The version's schema compiled by Ajv into an ES module (its default export takes the helpers the
   * code `require`s), so a phone checks a form without downloading Ajv or evaluating code itself.
   */
  @Get(':slug/versions/:version/validator.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  // A published version never changes; the answer depends on who asks only in whether it is given.
  @Header('Cache-Control', 'private, max-age=86400')
  validatorModule(@Param('slug') slug: string, @Param('version', ParseIntPipe) version: number) {
    return this.themes.validatorModule(slug, version);
  }

  @Get(':slug/versions/:version/types.ts')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  types(@Param('slug') slug: string, @Param('version', ParseIntPipe) version: number) {
    return this.themes.types(slug, version);
  }
}
