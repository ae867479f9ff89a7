import { applyDecorators, Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { decodeCursor, parseLimit } from '../../common/pagination';
import { JsonSchemaBodyPipe } from '../../common/json-schema-body.pipe';
import type { TokenScope } from '../auth/access-policy';
import { CurrentUser, TokenScopes } from '../auth/current-user.decorator';
import type { User } from '../users/user.entity';
import { CREATE_EXPORT_SCHEMA, type CreateExportDto } from './dto/create-export.dto';
import { ExportFile, ExportsService } from './exports.service';

/** `attachment; filename=…` with the UTF-8 form too, so a name is never mangled. */
function disposition(filename: string): string {
  return `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

function sendFile(reply: FastifyReply, file: ExportFile) {
  return reply.headers({ 'Content-Type': file.contentType, 'Content-Disposition': disposition(file.filename), 'Cache-Control': 'private, no-store' }).send(file.stream);
}

const AGGREGATE_QUERIES = ['measure', 'level', 'period', 'from', 'to', 'region'];

/** The aggregates route's own query parameters, documented once for both files. */
function AggregateQueries() {
  return applyDecorators(...AGGREGATE_QUERIES.map((name) => ApiQuery({ name, required: false, description: 'as GET /api/themes/:slug/aggregates' })));
}

@ApiTags('results')
@ApiBearerAuth()
@Controller()
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  /** The aggregates of the JSON route in Satu Data long format, as CSV (UTF-8 with BOM). */
  @Get('themes/:slug/aggregates.csv')
  @AggregateQueries()
  async aggregatesCsv(@Param('slug') slug: string, @CurrentUser() user: User, @Query() query: Record<string, unknown>, @Res() reply: FastifyReply) {
    return sendFile(reply, await this.exports.aggregatesFile(user, slug, this.filter(query), 'csv'));
  }

  /** The same as XLSX: a `data` sheet and a `metadata` sheet with each indicator's Satu Data metadata. */
  @Get('themes/:slug/aggregates.xlsx')
  @AggregateQueries()
  async aggregatesXlsx(@Param('slug') slug: string, @CurrentUser() user: User, @Query() query: Record<string, unknown>, @Res() reply: FastifyReply) {
    return sendFile(reply, await this.exports.aggregatesFile(user, slug, this.filter(query), 'xlsx'));
  }

  /** 202: the export is queued; follow it at GET /api/exports/:id. */
  @Post('exports')
  @HttpCode(202)
  @ApiBody({ schema: CREATE_EXPORT_SCHEMA as object })
  create(
    @Body(new JsonSchemaBodyPipe<CreateExportDto>(CREATE_EXPORT_SCHEMA)) body: CreateExportDto,
    @CurrentUser() user: User,
    @TokenScopes() scopes: TokenScope[] | null,
  ) {
    return this.exports.create(user, scopes, body);
  }

  /** The caller's own exports, newest first, until their file's time is over. */
  @Get('exports')
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  list(@CurrentUser() user: User, @Query('limit') limit?: string, @Query('cursor') cursor?: string) {
    return this.exports.list(user, parseLimit(limit), decodeCursor(cursor));
  }

  @Get('exports/:id')
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: User) {
    return this.exports.get(user, id);
  }

  @Get('exports/:id/file')
  async file(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: User, @Res() reply: FastifyReply) {
    return sendFile(reply, await this.exports.file(user, id));
  }

  /** Only the aggregates route's own parameters, each given once (a repeated one is refused as it is there). */
  private filter(query: Record<string, unknown>): Record<string, string> {
    const filter: Record<string, string> = {};
    for (const key of AGGREGATE_QUERIES) {
      const value = query[key];
      if (typeof value === 'string') filter[key] = value;
      else if (value !== undefined) filter[key] = String(value);
    }
    return filter;
  }
}
