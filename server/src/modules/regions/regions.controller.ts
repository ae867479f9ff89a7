import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { decodeCursor, parseLimit } from '../../common/pagination';
import { CurrentUser } from '../auth/current-user.decorator';
import type { User } from '../users/user.entity';
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
  children(@Query('parent') parent?: string, @Query('limit') limit?: string, @Query('cursor') cursor?: string) {
    return this.regions.children(parent, parseLimit(limit), decodeCursor(cursor));
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
