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

  /** The audit trail of the caller's region subtree (or a region inside it), newest first, each row with its region's name. */
  @Get()
  @ApiQuery({ name: 'region', required: false })
  @ApiQuery({ name: 'user', required: false, description: 'username of who acted' })
  @ApiQuery({ name: 'action', required: false })
  @ApiQuery({ name: 'from', required: false, description: 'YYYY-MM-DD (a WIB day, inclusive) or an RFC 3339 time' })
  @ApiQuery({ name: 'to', required: false, description: 'YYYY-MM-DD (a WIB day, inclusive) or an RFC 3339 time' })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  list(
    @CurrentUser() user: User,
    @Query('region') region?: string,
    @Query('user') actor?: string,
    @Query('action') action?: string,
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('limit') limit?: string,
    @Query('cursor') cursor?: string,
  ) {
    return this.audit.list(region || user.regionCode, parseLimit(limit), decodeCursor(cursor), { action, actor, from, to });
  }

  /** The actions that occur in the caller's subtree, for a filter to offer. */
  @Get('actions')
  actions(@CurrentUser() user: User) {
    return this.audit.actions(user.regionCode);
  }
}
