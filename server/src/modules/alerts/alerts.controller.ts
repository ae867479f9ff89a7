import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { parseLimit } from '../../common/pagination';
import { CurrentUser } from '../auth/current-user.decorator';
import type { User } from '../users/user.entity';
import { AlertsService } from './alerts.service';
import { AcknowledgeAlertDto } from './dto/acknowledge-alert.dto';

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  /** Early-warning alerts of regions in the caller's subtree, newest first. */
  @Get()
  @ApiQuery({ name: 'status', required: false, enum: ['open', 'closed'] })
  @ApiQuery({ name: 'theme', required: false })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  list(@CurrentUser() user: User, @Query('status') status?: string, @Query('theme') theme?: string, @Query('limit') limit?: string, @Query('cursor') cursor?: string) {
    return this.alerts.list(user, { status, theme, limit: parseLimit(limit), cursor });
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  acknowledge(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: AcknowledgeAlertDto) {
    return this.alerts.acknowledge(user, id, body.comment?.trim() || null);
  }
}
