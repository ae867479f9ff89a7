import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { decodeCursor, parseLimit } from '../../common/pagination';
import { CurrentUser } from '../auth/current-user.decorator';
import type { User } from '../users/user.entity';
import { BulkRegionsDto } from './dto/bulk-regions.dto';
import { CreateRegionDto } from './dto/create-region.dto';
import { RegionsService } from './regions.service';

@ApiTags('regions')
@ApiBearerAuth()
@Controller('regions')
export class RegionsController {
  constructor(private readonly regions: RegionsService) {}

  /** The region tree is public reference data (Kemendagri codes), readable by every user. */
  @Get()
  @ApiQuery({ name: 'parent', required: false, description: 'kode induk; tingkat teratas bila kosong' })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'counts', required: false, description: '`true`: each item carries `childCount`' })
  children(@Query('parent') parent?: string, @Query('limit') limit?: string, @Query('cursor') cursor?: string, @Query('counts') counts?: string) {
    return this.regions.children(parent, parseLimit(limit), decodeCursor(cursor), counts === 'true');
  }

  /** 201 `{dryRun: false, created}`; a dry run answers 200 `{dryRun: true, created}` and adds nothing. */
  @Post('bulk')
  async bulk(@Body() body: BulkRegionsDto, @CurrentUser() actor: User, @Res({ passthrough: true }) reply: FastifyReply) {
    const result = await this.regions.bulkCreate(actor, body);
    reply.status(result.dryRun ? 200 : 201);
    return result;
  }

  @Get(':code')
  get(@Param('code') code: string) {
    return this.regions.getWithPath(code);
  }

  @Post()
  create(@Body() body: CreateRegionDto, @CurrentUser() actor: User) {
    return this.regions.create(actor, body);
  }
}
