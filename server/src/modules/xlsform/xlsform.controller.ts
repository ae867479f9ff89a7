import { Controller, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { BadRequest } from '../../common/domain-error';
import { messageLanguage } from '../../common/language';
import { CurrentUser } from '../auth/current-user.decorator';
import type { User } from '../users/user.entity';
import { XlsformService } from './xlsform.service';
import { malformedMultipart } from '../../common/multipart';

/** An XLSForm is a few hundred rows; 2 MiB is generous and keeps a zip bomb's unpacking small. */
const MAX_XLSFORM_BYTES = 2 * 1024 * 1024;

@ApiTags('themes')
@ApiBearerAuth()
@Controller('themes/import')
export class XlsformController {
  constructor(private readonly xlsform: XlsformService) {}

  /** 201 `{slug, draft, report}`: a draft made from the XLSForm, and what of it could not be translated. */
  @Post('xlsform')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary', description: 'XLSForm (.xlsx)' } } } })
  async import(@Req() request: FastifyRequest, @CurrentUser() actor: User) {
    const part = request.isMultipart() ? await request.file({ limits: { fileSize: MAX_XLSFORM_BYTES } }).catch(malformedMultipart) : undefined;
    if (!part || part.fieldname !== 'file') throw new BadRequest('FILE_MISSING', 'Sertakan berkas XLSForm pada bidang "file"');
    // toBuffer throws 413 once the file passes the limit.
    const data = await part.toBuffer();
    return this.xlsform.import(actor, data, part.filename ?? '', messageLanguage(request));
  }
}
