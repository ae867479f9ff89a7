import { Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BadRequest, NotFound } from '../../common/domain-error';
import { CurrentUser } from '../auth/current-user.decorator';
import type { User } from '../users/user.entity';
import { FilesService } from './files.service';
import { malformedMultipart } from '../../common/multipart';

@ApiTags('files')
@ApiBearerAuth()
@Controller('files')
export class FilesController {
  constructor(private readonly files: FilesService) {}

  @Post()
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  async upload(@Req() request: FastifyRequest, @CurrentUser() user: User) {
    // Limits (size, one file, five fields) are set where multipart is registered (api.ts); a file
    // over the size limit throws 413 while it is read.
    const part = request.isMultipart() ? await request.file().catch(malformedMultipart) : undefined;
    if (!part || part.fieldname !== 'file') throw new BadRequest('FILE_MISSING', 'Sertakan berkas pada bidang "file"');
    return this.files.upload(user, await part.toBuffer());
  }

  @Get(':id')
  async read(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: User, @Res() reply: FastifyReply) {
    // Ids are handed out in lower case; another spelling names no file (and is no storage key).
    if (id !== id.toLowerCase()) throw new NotFound('Berkas');
    const { file, data } = await this.files.read(user, id);
    await reply
      .headers({
        'Content-Type': file.contentType,
        // A shared phone must not keep one person's photos for the next: no HTTP cache holds a copy.
        'Cache-Control': 'no-store',
        'Content-Disposition': file.contentType === 'application/pdf' ? 'attachment' : 'inline',
      })
      .send(data);
  }
}
