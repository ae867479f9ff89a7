import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { parseLimit } from '../../common/pagination';
import { CurrentUser } from '../auth/current-user.decorator';
import type { User } from '../users/user.entity';
import { UpdateContactDto } from './dto/update-contact.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  /** The caller's notifications, newest first. */
  @Get()
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  list(@CurrentUser() user: User, @Query('limit') limit?: string, @Query('cursor') cursor?: string) {
    return this.notifications.list(user, parseLimit(limit), cursor);
  }

  @Get('contact')
  contact(@CurrentUser() user: User) {
    return this.notifications.contact(user);
  }

  @Put('contact')
  setContact(@CurrentUser() user: User, @Body() body: UpdateContactDto) {
    return this.notifications.setContact(user, body);
  }

  /** An admin sends again every e-mail and reminder-webhook delivery that gave up, for users in their subtree. */
  @Post('deliveries/redeliver')
  @HttpCode(202)
  redeliver(@CurrentUser() user: User) {
    return this.notifications.redeliverFailed(user);
  }

  @Post(':id/read')
  @HttpCode(200)
  markRead(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.notifications.markRead(user, id);
  }
}
