import { Body, Controller, Get, Header, Headers, HttpCode, Param, ParseIntPipe, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import themeDefinitionSchema from '../../../../schemas/theme-definition.schema.json';
import { messageLanguage } from '../../common/language';
import { CurrentUser } from '../auth/current-user.decorator';
import type { User } from '../users/user.entity';
import { ThemeDetail, ThemesService } from './themes.service';

const DEFINITION_BODY = { description: 'Definisi tematik (lihat schemas/theme-definition.schema.json)', schema: { type: 'object' } };

/** The draft's tag goes in the `ETag` header, where `If-Match` takes it from. */
function withEtag(detail: ThemeDetail, response: FastifyReply): Omit<ThemeDetail, 'draftEtag'> {
  const { draftEtag, ...body } = detail;
  if (draftEtag) response.header('ETag', draftEtag);
  return body;
}

@ApiTags('themes')
@ApiBearerAuth()
@Controller('themes')
export class ThemesController {
  constructor(private readonly themes: ThemesService) {}

  /** Published themes; `drafts=true` (admins): every theme they may edit, drafted or published, for the designer. */
  @Get()
  @ApiQuery({ name: 'drafts', required: false })
  async list(@CurrentUser() viewer: User, @Query('drafts') drafts?: string) {
    if (drafts === 'true' && viewer.role === 'admin') return { items: await this.themes.listEditable(viewer), nextCursor: null };
    return { items: await this.themes.listPublished(), nextCursor: null };
  }

  /** The meta-schema a definition must satisfy, for the designer and for OPD developers. */
  @Get('definition-schema')
  definitionSchema() {
    return themeDefinitionSchema;
  }

  @Post()
  @ApiBody(DEFINITION_BODY)
  async create(@Body() definition: unknown, @CurrentUser() actor: User, @Res({ passthrough: true }) response: FastifyReply) {
    return withEtag(await this.themes.create(actor, definition), response);
  }

  @Put(':slug/draft')
  @ApiBody(DEFINITION_BODY)
  @ApiHeader({ name: 'If-Match', required: false, description: 'ETag of the draft as read; a stale one answers 412 DRAFT_CHANGED' })
  async updateDraft(
    @Param('slug') slug: string,
    @Body() definition: unknown,
    @CurrentUser() actor: User,
    @Res({ passthrough: true }) response: FastifyReply,
    @Headers('if-match') ifMatch?: string,
  ) {
    return withEtag(await this.themes.updateDraft(actor, slug, definition, ifMatch), response);
  }

  @Get(':slug/draft/diff')
  diff(@Param('slug') slug: string, @CurrentUser() actor: User, @Req() request: FastifyRequest) {
    return this.themes.diff(actor, slug, messageLanguage(request));
  }

  @Post(':slug/publish')
  @HttpCode(201)
  publish(@Param('slug') slug: string, @CurrentUser() actor: User) {
    return this.themes.publish(actor, slug);
  }

  @Get(':slug')
  async get(@Param('slug') slug: string, @CurrentUser() viewer: User, @Res({ passthrough: true }) response: FastifyReply) {
    return withEtag(await this.themes.get(slug, viewer), response);
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
