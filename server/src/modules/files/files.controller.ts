import { Controller, Get, Param, ParseUUIDPipe, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { BadRequest } from '../../common/domain-error';
import { CurrentUser } from '../auth/current-user.decorator';
import type { User } from '../users/user.entity';
import { FilesService, MAX_FILE_BYTES } from './files.service';

@ApiTags('files')
@ApiBearerAuth()
@Controller('files')
export class FilesController {
  constructor(private readonly files: FilesService) {}

  @Post()
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 5 } }))
  upload(@UploadedFile() file: Express.Multer.File | undefined, @CurrentUser() user: User) {
    if (!file) throw new BadRequest('FILE_MISSING', 'Sertakan berkas pada bidang "file"');
    return this.files.upload(user, file.buffer);
  }

  @Get(':id')
  async read(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: User, @Res() response: Response) {
    const { file, data } = await this.files.read(user, id);
    response.setHeader('Content-Type', file.contentType);
    response.setHeader('Content-Length', String(data.length));
    response.setHeader('Cache-Control', 'private, max-age=86400');
    response.setHeader('Content-Disposition', file.contentType === 'application/pdf' ? 'attachment' : 'inline');
    response.end(data);
  }
}
