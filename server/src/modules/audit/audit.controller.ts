import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { decodeCursor, parseLimit } from '../../common/pagination';
import { CurrentUser } from '../auth/current-user.decorator';
import type { User } from '../users/user.entity';
import { AuditService } from './audit.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** The audit trail of the caller's region subtree (or a region inside it), newest first. */
  @Get()
  @ApiQuery({ name: 'region', required: false })
  @ApiQuery({ name: 'action', required: false })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  list(
    @CurrentUser() user: User,
    @Query('region') region?: string,
    @Query('action') action?: string,
    @Query('limit') limit?: string,
    @Query('cursor') cursor?: string,
  ) {
    return this.audit.list(region || user.regionCode, parseLimit(limit), decodeCursor(cursor), action);
  }
}
