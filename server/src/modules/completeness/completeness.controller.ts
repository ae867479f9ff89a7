import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { parseLimit } from '../../common/pagination';
import { CurrentUser } from '../auth/current-user.decorator';
import type { User } from '../users/user.entity';
import { CompletenessService } from './completeness.service';

@ApiTags('results')
@ApiBearerAuth()
@Controller('themes/:slug/completeness')
export class CompletenessController {
  constructor(private readonly completeness: CompletenessService) {}

  /** Which regions reported for a period, on time or late, and the roll-up rate per parent region. */
  @Get()
  @ApiQuery({ name: 'period', required: false, description: 'period key; default the current period (WIB)' })
  @ApiQuery({ name: 'level', required: false, description: "default the theme's regionLevel; a level above it gives per-region rates" })
  @ApiQuery({ name: 'region', required: false, description: "scope; default the caller's region" })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  report(
    @Param('slug') slug: string,
    @CurrentUser() user: User,
    @Query('period') period?: string,
    @Query('level') level?: string,
    @Query('region') region?: string,
    @Query('limit') limit?: string,
    @Query('cursor') cursor?: string,
  ) {
    return this.completeness.report(user, slug, { period, level, region, limit: parseLimit(limit), cursor });
  }

  /** The rate over time: per period, how many regions were due, on time, late and missing. */
  @Get('history')
  @ApiQuery({ name: 'from', required: false, description: 'period key of the theme; default 11 periods before `to`' })
  @ApiQuery({ name: 'to', required: false, description: 'period key of the theme; default the current period (WIB)' })
  @ApiQuery({ name: 'region', required: false, description: "scope; default the caller's region" })
  history(@Param('slug') slug: string, @CurrentUser() user: User, @Query('from') from?: string, @Query('to') to?: string, @Query('region') region?: string) {
    return this.completeness.history(user, slug, { from, to, region });
  }
}
