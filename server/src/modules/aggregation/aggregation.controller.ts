import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { parseLimit } from '../../common/pagination';
import { CurrentUser } from '../auth/current-user.decorator';
import type { User } from '../users/user.entity';
import { AggregationService } from './aggregation.service';
import { RecomputeService } from './recompute.service';

@ApiTags('results')
@ApiBearerAuth()
@Controller('themes/:slug')
export class AggregationController {
  constructor(
    private readonly aggregation: AggregationService,
    private readonly recomputes: RecomputeService,
  ) {}

  /** Aggregated values per region, period, measure and group. */
  @Get('aggregates')
  @ApiQuery({ name: 'measure', required: false, description: 'an aggregation key; all measures when absent' })
  @ApiQuery({ name: 'level', required: false, description: "region level; default the theme's regionLevel" })
  @ApiQuery({ name: 'period', required: false, description: "granularity: day, week, month, quarter, year; default the theme's own" })
  @ApiQuery({ name: 'from', required: false, description: 'first period key (inclusive)' })
  @ApiQuery({ name: 'to', required: false, description: 'last period key (inclusive)' })
  @ApiQuery({ name: 'region', required: false, description: "regions at `level` inside or equal to this one; default the caller's" })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  aggregates(
    @Param('slug') slug: string,
    @CurrentUser() user: User,
    @Query('measure') measure?: string,
    @Query('level') level?: string,
    @Query('period') period?: string,
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('region') region?: string,
    @Query('limit') limit?: string,
    @Query('cursor') cursor?: string,
  ) {
    return this.aggregation.aggregates(user, slug, { measure, level, period, from, to, region, limit: parseLimit(limit), cursor });
  }

  /** The submissions behind one cell, with what each one contributed (admins, in their subtree). */
  @Get('aggregates/explain')
  @ApiQuery({ name: 'measure', required: true })
  @ApiQuery({ name: 'region', required: true, description: "the cell's region, at the theme's level or above" })
  @ApiQuery({ name: 'periodKey', required: true, description: 'the cell\'s period key, of any granularity (2026-11-28, 2026-W48, 2026-11, 2026-Q4, 2026; all)' })
  @ApiQuery({ name: 'group', required: false, description: 'the group, for a measure with groupBy' })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  explain(
    @Param('slug') slug: string,
    @CurrentUser() user: User,
    @Query('measure') measure?: string,
    @Query('region') region?: string,
    @Query('periodKey') periodKey?: string,
    @Query('group') group?: string,
    @Query('limit') limit?: string,
    @Query('cursor') cursor?: string,
  ) {
    return this.aggregation.explain(user, slug, { measure, region, periodKey, group, limit: parseLimit(limit), cursor });
  }

  /** Recomputes every aggregate of the theme in the background and replaces them atomically. */
  @Post('aggregates/recompute')
  @HttpCode(202)
  recompute(@Param('slug') slug: string, @CurrentUser() user: User) {
    return this.recomputes.request(user, slug);
  }
}
