import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BadRequest } from '../../common/domain-error';
import { messageLanguage } from '../../common/language';
import { CurrentUser } from '../auth/current-user.decorator';
import type { User } from '../users/user.entity';
import { ImportUpload, ImportsService, MAX_IMPORT_BYTES } from './imports.service';
import { malformedMultipart } from '../../common/multipart';

const TRUE = new Set(['true', '1', 'ya', 'on']);

/** The upload's parts: the `file`, and `dryRun` / `version` before or after it. */
async function readUpload(request: FastifyRequest): Promise<ImportUpload> {
  if (!request.isMultipart()) throw new BadRequest('FILE_MISSING', 'Sertakan berkas pada bidang "file" (multipart/form-data)');
  let file: Buffer | undefined;
  let fileName: string | null = null;
  const fields: Record<string, string> = {};
  try {
    for await (const part of request.parts({ limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 5 } })) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') {
          await part.toBuffer();
          continue;
        }
        file = await part.toBuffer();
        fileName = part.filename || null;
      } else if (typeof part.value === 'string') fields[part.fieldname] = part.value;
    }
  } catch (error) {
    malformedMultipart(error);
  }
  if (!file) throw new BadRequest('FILE_MISSING', 'Sertakan berkas pada bidang "file"');
  const query = request.query as Record<string, unknown>;
  const dryRun = fields.dryRun ?? (typeof query.dryRun === 'string' ? query.dryRun : undefined);
  const version = fields.version;
  if (version !== undefined && !/^[1-9][0-9]{0,5}$/.test(version)) throw new BadRequest('INVALID_VERSION', 'version harus nomor versi yang terbit');
  const regionCode = fields.regionCode?.trim() || undefined;
  if (regionCode !== undefined && !/^[0-9]+(\.[0-9]+)*$/.test(regionCode)) throw new BadRequest('INVALID_REGION', 'regionCode harus kode wilayah, mis. 18.72.01.1001');
  return {
    file,
    fileName,
    dryRun: dryRun !== undefined && TRUE.has(dryRun.trim().toLowerCase()),
    ...(version !== undefined && { version: Number(version) }),
    ...(regionCode !== undefined && { regionCode }),
  };
}

@ApiTags('imports')
@ApiBearerAuth()
@Controller()
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  /** The XLSX template of the theme's latest version; its region dropdown lists the caller's subtree. */
  @Get('themes/:slug/import-template.xlsx')
  async template(@Param('slug') slug: string, @CurrentUser() user: User, @Res() reply: FastifyReply) {
    const { filename, file } = await this.imports.template(user, slug);
    return reply
      .headers({
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
        'Cache-Control': 'private, no-store',
      })
      .send(file);
  }

  /** 202: the import is queued; follow it at GET /api/imports/:id. `dryRun=true` checks and stores nothing. */
  @Post('themes/:slug/imports')
  @HttpCode(202)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      properties: { file: { type: 'string', format: 'binary' }, dryRun: { type: 'boolean' }, version: { type: 'integer' }, regionCode: { type: 'string', description: 'the region of rows that name none' } },
      required: ['file'],
    },
  })
  async create(@Param('slug') slug: string, @CurrentUser() user: User, @Req() request: FastifyRequest) {
    return this.imports.create(user, slug, await readUpload(request), messageLanguage(request));
  }

  @Get('imports/:id')
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: User) {
    return this.imports.get(user, id);
  }
}
