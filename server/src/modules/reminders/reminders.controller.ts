import { Controller, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/current-user.decorator';
import type { User } from '../users/user.entity';
import { RemindersService } from './reminders.service';

@ApiTags('results')
@ApiBearerAuth()
@Controller('themes/:slug/reminders')
export class RemindersController {
  constructor(private readonly reminders: RemindersService) {}

  /** Runs one reminder now for the current period (or `?period=`), within the admin's region. */
  @Post(':key/run')
  @HttpCode(202)
  @ApiQuery({ name: 'period', required: false, description: 'period key; default the current period (WIB)' })
  run(@Param('slug') slug: string, @Param('key') key: string, @CurrentUser() user: User, @Query('period') period?: string) {
    return this.reminders.requestRun(user, slug, key, period);
  }
}
